package demo

// Word lists for profiles and product names. E-mail domains are the
// reserved example domains (RFC 2606), so no generated address reaches a
// real mailbox.

var firstNames = []string{
	"Anna", "Lukas", "Emma", "Leon", "Mia", "Finn", "Sophie", "Paul", "Hannah", "Jonas",
	"Lea", "Elias", "Marie", "Noah", "Lina", "Felix", "Clara", "Ben", "Julia", "Max",
	"Camille", "Louis", "Chloé", "Hugo", "Léa", "Jules", "Manon", "Gabriel", "Inès", "Arthur",
	"Sanne", "Daan", "Fleur", "Sem", "Eva", "Lars", "Giulia", "Marco", "Sofia", "Luca",
	"Chiara", "Matteo", "Lucía", "Pablo", "Carmen", "Javier", "Elena", "Diego", "Aoife", "Seán",
	"Niamh", "Conor", "Laura", "Thomas", "Sarah", "David", "Katharina", "Stefan", "Nina", "Tobias",
	"Amélie", "Nicolas", "Zoé", "Théo", "Isabel", "Miguel", "Marta", "Andrea", "Alessia", "Pieter",
}

var lastNames = []string{
	"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Schulz",
	"Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Braun", "Zimmermann", "Hartmann", "Krüger",
	"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
	"de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Peeters", "Maes", "Janssens",
	"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "García", "Fernández",
	"González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Murphy", "Kelly", "O'Sullivan", "Walsh",
	"Gruber", "Huber", "Bauer", "Wimmer", "Lefèvre", "Fontaine", "Marino", "Greco", "Navarro", "Ortega",
}

var emailDomains = []string{"example.com", "example.net", "example.org", "mail.example.com", "post.example.net", "inbox.example.org"}

// country describes where customers live: tax rate, cities, phone format.
type country struct {
	code      string
	weight    float64
	taxBasis  int64 // VAT in basis points
	cities    []string
	regions   []string
	street    []string
	phoneCC   string // country calling code
	mobile    []string
	postDigit int // digits of a postal code
}

var countries = []country{
	{code: "DE", weight: 0.35, taxBasis: 1900, cities: []string{"Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main", "Stuttgart", "Leipzig", "Dresden"},
		regions: []string{"BE", "HH", "BY", "NW", "HE", "BW", "SN", "SN"}, street: []string{"Hauptstraße", "Bahnhofstraße", "Gartenweg", "Schulstraße", "Lindenallee", "Bergstraße"},
		phoneCC: "49", mobile: []string{"151", "160", "170", "176"}, postDigit: 5},
	{code: "FR", weight: 0.15, taxBasis: 2000, cities: []string{"Paris", "Lyon", "Marseille", "Toulouse", "Bordeaux", "Lille"},
		street:  []string{"Rue de la Paix", "Avenue Victor Hugo", "Rue du Moulin", "Boulevard Voltaire", "Rue des Écoles"},
		phoneCC: "33", mobile: []string{"6", "7"}, postDigit: 5},
	{code: "NL", weight: 0.10, taxBasis: 2100, cities: []string{"Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven"},
		street:  []string{"Kerkstraat", "Dorpsstraat", "Molenweg", "Stationsweg", "Prinsengracht"},
		phoneCC: "31", mobile: []string{"6"}, postDigit: 4},
	{code: "AT", weight: 0.10, taxBasis: 2000, cities: []string{"Wien", "Graz", "Linz", "Salzburg", "Innsbruck"},
		street:  []string{"Hauptplatz", "Kirchengasse", "Mariahilfer Straße", "Ringstraße", "Dorfstraße"},
		phoneCC: "43", mobile: []string{"660", "664", "676", "699"}, postDigit: 4},
	{code: "BE", weight: 0.07, taxBasis: 2100, cities: []string{"Bruxelles", "Antwerpen", "Gent", "Liège", "Brugge"},
		street:  []string{"Rue Neuve", "Kerkstraat", "Avenue Louise", "Meir", "Grote Markt"},
		phoneCC: "32", mobile: []string{"470", "475", "486", "495"}, postDigit: 4},
	{code: "IT", weight: 0.10, taxBasis: 2200, cities: []string{"Roma", "Milano", "Napoli", "Torino", "Bologna", "Firenze"},
		street:  []string{"Via Roma", "Via Garibaldi", "Corso Italia", "Via Dante", "Piazza del Duomo"},
		phoneCC: "39", mobile: []string{"320", "333", "347", "389"}, postDigit: 5},
	{code: "ES", weight: 0.10, taxBasis: 2100, cities: []string{"Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao", "Málaga"},
		street:  []string{"Calle Mayor", "Gran Vía", "Calle de Alcalá", "Avenida de la Constitución", "Calle Real"},
		phoneCC: "34", mobile: []string{"6", "7"}, postDigit: 5},
	{code: "IE", weight: 0.03, taxBasis: 2300, cities: []string{"Dublin", "Cork", "Galway", "Limerick"},
		street:  []string{"Main Street", "Church Road", "O'Connell Street", "Station Road"},
		phoneCC: "353", mobile: []string{"83", "85", "86", "87"}, postDigit: 0},
}

// Acquisition channels recorded as a profile attribute.
var sources = []string{"search", "social", "newsletter", "referral", "direct", "marketplace"}
var sourceWeights = []float64{0.32, 0.22, 0.1, 0.12, 0.18, 0.06}

// Shop tags that are not derived from behaviour.
var optionalTags = []struct {
	tag  string
	prob float64
}{{"app-user", 0.3}, {"student", 0.05}, {"b2b", 0.02}, {"gift-buyer", 0.08}}
