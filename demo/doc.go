// Package demo generates a realistic, seeded demo shop — catalogue,
// customers, orders, returns and behaviour events — for the quickstart, the
// examples and the tests of the whole project, and records in Shop.Truth the
// structure it planted, so that analytics can be checked against it.
//
//	shop, err := demo.Generate(nil)                 // 1,000 customers, 2024-11-01 to 2026-10-31
//	res, err := shop.Load(ctx, st, nil)             // into any store.Store
//	shop.Truth.TypeOf(id)                           // demo.Loyal, demo.Churned, ...
//
// The same Options (Seed included) always give the same shop, on any number
// of CPUs: each customer is simulated from its own random stream. The default
// shop has 1,000 customers (995 plus 5 planted duplicates), 240 products,
// about 5,800 orders, 700 returns and 220,000 events; Options scale it (about
// 5.85 orders per customer, so 171,000 customers make a million orders;
// NoEvents leaves out the events), make the purchase process stationary
// (Stationary) or replace the customer types (Types).
//
// # What is planted
//
// Catalogue. Eight categories (Categories): fashion, shoes, electronics,
// home, beauty, sports, books, toys, with products in proportion to their
// share of lines (0.24, 0.12, 0.12, 0.14, 0.12, 0.10, 0.10, 0.06) and
// log-normal prices of median 39, 79, 149, 35, 18, 45, 14, 25 and log-scale
// sigma 0.5, 0.4, 0.8, 0.7, 0.5, 0.7, 0.35, 0.6, ending in .99. Popularity
// within a category is Zipf (weight 1/rank^0.9). 5 % of products are
// discontinued half-way through the period (inactive, not sold after).
//
// Customers. Five latent types with exact shares of the non-duplicate
// profiles (DefaultTypeParams). Each customer has a purchase rate
// λ ~ Gamma(shape, mean/shape) in orders a year and a dropout probability
// p ~ Beta(a, b), and buys by the BG/NBD process (Fader, Hardie and Lee,
// 2005): the first order within 45 minutes of signing up, then purchases as
// a Poisson process of rate λ·Seasonality.Factor(t), and after every repeat
// purchase a dropout with probability p. With Options.Stationary the factor
// is 1 and a one-type shop is an exact BG/NBD sample: its repeat purchases
// match the model's closed-form expectation (tested).
//
//	type        share  λ mean (shape)  p ~ Beta   joins (share of period)  discounted lines
//	loyal       0.15   10 (4)          (1, 49)    0 – 0.60                 0.15
//	occasional  0.40   2.5 (2)         (2, 18)    0 – 0.85                 0.20
//	bargain     0.15   5 (3)           (1.5,18.5) 0 – 0.85                 0.80
//	churned     0.20   7 (3)           (1, 49)    0 – 0.45                 0.20
//	new         0.10   5 (2)           (1, 19)    last 120 days            0.25
//
// Churned customers also stop buying at a churn time 60–300 days after
// signing up and at least 270 days (ChurnSilence) before End. Latent records
// every customer's λ, p, whether it was still alive at End and when it
// dropped out. Profiles carry names, unique e-mails on the reserved example
// domains, mobile phones (80 %), addresses in eight euro countries with
// their VAT rates, tags, interests (the two preferred categories, declared by
// 70 %), attributes (language, acquisition source, birth year) and consent
// histories: e-mail consent granted at sign-up by 60 %, 15 % of those
// withdraw it later through the unsubscribe link (a fifth opt in again),
// SMS consent by 20 % of those with a phone (10 % stop it). Tags: "newsletter"
// while e-mail consent holds, "vip" for the top 5 % by net revenue, and
// "app-user", "student", "b2b", "gift-buyer" at random.
//
// Duplicates. 0.5 % of the profiles (Options.DuplicateShare) are a second
// profile of another customer: same name (lower-cased first name), same
// phone typed differently, the same address, another or no e-mail (stores
// refuse a repeated e-mail key, so the phone links them), tagged
// "guest-checkout", buying rarely. Truth.Duplicates lists the pairs;
// customer.FindDuplicates finds exactly them.
//
// Seasonality (DefaultSeasonality). Purchase rates are multiplied by a trend
// of +20 % a year, day-of-week factors Sun..Sat 1.25, 0.92, 0.88, 0.90,
// 0.95, 1.00, 1.15 and month factors Jan..Dec 0.82, 0.80, 0.92, 0.95, 0.98,
// 0.93, 0.88, 0.88, 0.95, 1.00, 1.30, 1.55 (each set scaled to mean 1).
// Times of day follow an hourly profile with an evening peak. In November
// the discount probability is 1.6 times higher.
//
// Orders. 1 + Poisson(0.5) distinct lines (bargain hunters 0.8), 60 % from
// the customer's preferred categories; quantities mostly 1; a discounted
// line is 10–50 % off. Shipping 4.95 below 50.00 of goods, 9.95 express
// for 10 %; VAT of the customer's country on the goods; totals exact.
// Payment: card 45 %, PayPal 30 %, invoice 12 %, Apple Pay 8 %, bank
// transfer 5 % (paid after 12–72 h, others within minutes). 2 % are
// cancelled before payment and 1.5 % after it (refunded in full); the rest
// ship 6–48 h after payment and arrive 1–5 days later, 4 % late (6–12 days).
// Everything happens before End, so the last days' orders are still paid
// or shipped.
//
// Returns (DefaultReturnParams). Normal customers return a delivered line
// with a category rate (fashion 0.14, shoes 0.18, electronics 0.06, home
// 0.05, beauty 0.03, sports 0.07, books 0.02, toys 0.04) times their type's
// factor (loyal 0.8, bargain 1.3, others 1), 2–28 days after delivery, 4 %
// refund-only; about 12 % of delivered orders get a return. Refund abusers,
// 1.5 % of the customers (Options.AbuserShare, drawn from loyal, occasional
// and bargain hunters; λ at least 4 a year, p at most 0.03), return 65 % of
// their delivered orders within 1–72 hours, always the dearest line, 60 %
// refund-only ("item never arrived"), and buy electronics (40 % of lines)
// and the dearest third of a category (70 %), so their median refund is
// 2.5 to 3 times the others'. Returns are refunded 1–10 days after the
// request (abusers 1–3) or rejected (5 %, abusers 15 %); refunds move the
// order to refunded or partially_refunded and set its RefundedAmount.
//
// Behaviour (DefaultFunnelParams, DefaultReviewParams). Every order has its
// visit: an optional search, views (some after a click) of the bought
// products and of others in their categories, cart additions, sometimes an
// item taken out again, and one purchase event per line at the order's
// time; the part of a customer's first visit before signing up carries a
// visitor ID instead of the customer's. Around them, Poisson(4 × orders)
// browsing visits without a purchase
// (10 % of views go to the cart, 35 % of those out again, 5 % to the
// wishlist) and twice as many anonymous visits as customers (5 % to cart,
// never a purchase), so views ≫ cart additions > purchases. Reviews carry
// their order's ID: 12 % of kept lines are reviewed with ratings 1–5 at
// 0.02, 0.03, 0.10, 0.33, 0.52 (mean 4.29; half of those after a late
// delivery one star lower), 45 % of returned lines at 0.42, 0.30, 0.17,
// 0.08, 0.03 (mean 1.98). Texts are built for lexicon sentiment analysis:
// opinion words, intensifiers ("very", "absolutely"), negations ("not
// worth the money") and the cause ("arrived broken", "too small",
// "Delivery was very late"). 8 % of delivered orders bring a net promoter
// survey, scored around the type's mean (loyal 9, occasional 7.5, bargain
// 7, churned 5.5, new 8), two points lower after a return and after a late
// delivery. Support contacts follow late deliveries, returns, abusers'
// claims and 1 % of orders (invoice questions).
package demo
