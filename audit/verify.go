package audit

import (
	"context"
	"fmt"

	"github.com/crmkit/crmkit/store"
)

// Anchor is a point of the chain: a change's Seq and Hash, as
// store.Journal.JournalHead returns them.
type Anchor struct {
	Seq  int64        `json:"seq"`
	Hash store.Digest `json:"hash"`
}

// Head reads the journal's newest change as an Anchor, for the host to keep
// somewhere the database's writers cannot reach.
func Head(ctx context.Context, j store.Journal) (Anchor, error) {
	seq, hash, err := j.JournalHead(ctx)
	if err != nil {
		return Anchor{}, fmt.Errorf("audit: reading the journal head: %w", err)
	}
	return Anchor{Seq: seq, Hash: hash}, nil
}

// VerifyOptions tunes Verify; nil means a full walk from the first change
// with no anchor.
type VerifyOptions struct {
	// Anchor, when its Seq is positive, is a head the host kept: the chain
	// must still hold change Anchor.Seq with exactly that Hash. Without it
	// Verify cannot tell a journal whose newest changes were deleted from
	// one that never had them.
	Anchor Anchor
	// From, when its Seq is positive, is a point an earlier Verify proved:
	// the walk starts after it and checks that the next change links to
	// From.Hash. Use it to verify a long journal a piece at a time.
	From Anchor
}

// Reason says how a chain is broken.
type Reason string

// The ways a chain can fail to verify.
const (
	// ReasonHash: the change's stored Hash is not the hash of its recorded
	// fields and its PrevHash: the change was altered.
	ReasonHash Reason = "hash"
	// ReasonLink: the change's PrevHash is not its predecessor's Hash: a
	// change before it was replaced, or the chain was rewritten from here.
	ReasonLink Reason = "link"
	// ReasonGap: Seq jumps; the missing change was deleted.
	ReasonGap Reason = "gap"
	// ReasonHead: the journal's head names a change the walk did not reach,
	// or one with another hash: changes at the end were deleted or altered.
	ReasonHead Reason = "head"
	// ReasonAnchor: the anchored change is missing or has another hash: the
	// journal was cut short or rewritten since the anchor was taken.
	ReasonAnchor Reason = "anchor"
)

// Report is the outcome of Verify.
type Report struct {
	// OK is true when every change walked verified, the head agrees and
	// the anchor, if any, is held.
	OK bool `json:"ok"`
	// Verified counts the changes whose hash and link checked out.
	Verified int64 `json:"verified"`
	// Last is the last change that verified (the zero Anchor when none
	// did): a From for the next incremental Verify, and, when OK, the head.
	Last Anchor `json:"last"`
	// BrokenSeq is the first Seq at which the chain fails (for a gap, the
	// first missing Seq); 0 when OK.
	BrokenSeq int64 `json:"broken_seq,omitempty"`
	// Reason and Detail say why.
	Reason Reason `json:"reason,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// Verify walks j's hash chain in Seq order, recomputing every change's Hash
// (store.ChainHash), checking that each PrevHash is its predecessor's Hash
// and that Seq runs 1, 2, 3 ... without gaps, then that the journal's head
// is the last change walked and, with opts.Anchor, that the anchored change
// is still there unaltered. It stops at the first break and reports it in
// the Report; the error is for a journal that could not be read.
//
// Changes committed while Verify runs are not walked: the walk ends at the
// head read when it starts.
func Verify(ctx context.Context, j store.Journal, opts *VerifyOptions) (Report, error) {
	var o VerifyOptions
	if opts != nil {
		o = *opts
	}
	head, err := Head(ctx, j)
	if err != nil {
		return Report{}, err
	}
	var rep Report
	if o.From.Seq > 0 {
		rep.Last = o.From
	}
	broken := func(seq int64, r Reason, format string, args ...any) (Report, error) {
		rep.BrokenSeq, rep.Reason, rep.Detail = seq, r, fmt.Sprintf(format, args...)
		return rep, nil
	}
	anchorSeen := false
	for c, err := range j.Changes(ctx, store.ChangeFilter{AfterSeq: rep.Last.Seq}) {
		if err != nil {
			return Report{}, fmt.Errorf("audit: reading the journal after change %d: %w", rep.Last.Seq, err)
		}
		if c.Seq > head.Seq {
			break
		}
		want := rep.Last.Seq + 1
		if c.Seq != want {
			return broken(want, ReasonGap, "change %d follows change %d: %d missing", c.Seq, rep.Last.Seq, c.Seq-want)
		}
		if c.PrevHash != rep.Last.Hash {
			return broken(c.Seq, ReasonLink, "change %d links to %s, but change %d's hash is %s", c.Seq, short(c.PrevHash), rep.Last.Seq, short(rep.Last.Hash))
		}
		if got := store.ChainHash(c.PrevHash, c); got != c.Hash {
			return broken(c.Seq, ReasonHash, "change %d (%s %s %s by %q) is stored with hash %s but hashes to %s",
				c.Seq, c.Op, c.Entity, c.EntityID, c.Actor, short(c.Hash), short(got))
		}
		if c.Seq == o.Anchor.Seq {
			if c.Hash != o.Anchor.Hash {
				return broken(c.Seq, ReasonAnchor, "anchored change %d has hash %s, the anchor says %s", c.Seq, short(c.Hash), short(o.Anchor.Hash))
			}
			anchorSeen = true
		}
		rep.Verified++
		rep.Last = Anchor{Seq: c.Seq, Hash: c.Hash}
	}
	if rep.Last.Seq < head.Seq {
		return broken(rep.Last.Seq+1, ReasonHead, "the journal head is change %d, but the chain ends at change %d", head.Seq, rep.Last.Seq)
	}
	if rep.Last.Seq > 0 && head.Hash != rep.Last.Hash {
		return broken(head.Seq, ReasonHead, "the journal head says change %d has hash %s, the change has %s", head.Seq, short(head.Hash), short(rep.Last.Hash))
	}
	if o.Anchor.Seq > 0 && !anchorSeen {
		if o.Anchor.Seq > rep.Last.Seq {
			return broken(rep.Last.Seq+1, ReasonAnchor, "the anchor holds change %d, but the journal ends at change %d: changes were removed from the end", o.Anchor.Seq, rep.Last.Seq)
		}
		if o.Anchor.Seq == o.From.Seq && o.Anchor.Hash != o.From.Hash {
			return broken(o.Anchor.Seq, ReasonAnchor, "the anchor and the starting point disagree on change %d", o.Anchor.Seq)
		}
		// The anchor lies at or before From: proved by the earlier walk.
	}
	rep.OK = true
	return rep, nil
}

// short abbreviates a digest for messages.
func short(d store.Digest) string { return d.String()[:12] }
