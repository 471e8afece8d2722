package recommend

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"fmt"
	"hash/crc32"
	"io"
)

// The serialised form is a fixed header — magic, format version, payload length and
// CRC-32 of the payload — followed by a gob-encoded snapshot. Load checks all four
// before decoding and validates every dimension after, so truncated, damaged or
// foreign input fails with ErrFormat instead of producing a broken model.
const (
	persistMagic   = "CRMKREC\x00"
	persistVersion = 1
	maxPayload     = 8 << 30
)

// csrSnap, interactionsSnap and modelSnap are the stable on-disk shapes.
type interactionsSnap struct {
	Users, Items []string
	M, Negative  CSR
	Last         []int64
}

type modelSnap struct {
	Kind    string
	Pop     []float64
	W       *CSR
	N       int
	B       []float64
	ALS     ALSOptions
	X, Y    []float64
	Parts   []modelSnap
	Weights []float64
}

type recommenderSnap struct {
	Data           interactionsSnap
	Model          modelSnap
	Products       []Product
	Names          map[string]string
	FBT            *fbtSnap
	Diversity      float64
	TrendingWindow int64
	Rules          []Rule
	Build          *BuildOptions
	UserSegments   []string
	Fresh          map[string]freshSnap
}

type fbtSnap struct {
	Items    []string
	Baskets  int
	Count    []int
	Partners [][]Pair
}

type freshSnap struct {
	Hist, Neg Row
}

func snapInteractions(in *Interactions) interactionsSnap {
	return interactionsSnap{Users: in.Users.ids, Items: in.Items.ids, M: *in.M, Negative: *in.Negative, Last: in.Last}
}

func snapModel(m Model) (modelSnap, error) {
	switch m := m.(type) {
	case *MostPop:
		return modelSnap{Kind: "mostpop", Pop: m.Pop}, nil
	case *ItemKNN:
		return modelSnap{Kind: "itemknn", W: m.W}, nil
	case *RP3beta:
		return modelSnap{Kind: "rp3beta", W: m.W}, nil
	case *EASE:
		return modelSnap{Kind: "ease", N: m.n, B: m.B}, nil
	case *ALS:
		return modelSnap{Kind: "als", ALS: ALSOptions{Factors: m.K, Iterations: m.opts.Iterations, Alpha: m.opts.Alpha, Lambda: m.opts.Lambda, CGSteps: m.opts.CGSteps, Seed: m.opts.Seed, RegExponent: m.opts.RegExponent}, X: m.X, Y: m.Y}, nil
	case *Blend:
		s := modelSnap{Kind: "blend", Weights: m.Weights}
		for _, p := range m.Models {
			ps, err := snapModel(p)
			if err != nil {
				return s, err
			}
			s.Parts = append(s.Parts, ps)
		}
		return s, nil
	}
	return modelSnap{}, fmt.Errorf("recommend: cannot save a %s model", m.Name())
}

// SaveModel writes a trained model, with the interactions it was trained on, to w.
func SaveModel(w io.Writer, m Model) error {
	ms, err := snapModel(m)
	if err != nil {
		return err
	}
	return writeEnvelope(w, "model", struct {
		Data  interactionsSnap
		Model modelSnap
	}{snapInteractions(m.Data()), ms})
}

// LoadModel reads a model written by SaveModel. Input that is not such a model, of
// another format version, or damaged yields an error wrapping ErrFormat.
func LoadModel(r io.Reader) (Model, error) {
	var s struct {
		Data  interactionsSnap
		Model modelSnap
	}
	if err := readEnvelope(r, "model", &s); err != nil {
		return nil, err
	}
	in, err := s.Data.restore()
	if err != nil {
		return nil, err
	}
	return s.Model.restore(in)
}

func writeEnvelope(w io.Writer, kind string, v any) error {
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	if err := enc.Encode(kind); err != nil {
		return err
	}
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("recommend: encode: %w", err)
	}
	hdr := make([]byte, 0, 24)
	hdr = append(hdr, persistMagic...)
	hdr = binary.LittleEndian.AppendUint32(hdr, persistVersion)
	hdr = binary.LittleEndian.AppendUint64(hdr, uint64(buf.Len()))
	hdr = binary.LittleEndian.AppendUint32(hdr, crc32.ChecksumIEEE(buf.Bytes()))
	if _, err := w.Write(hdr); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func readEnvelope(r io.Reader, kind string, v any) error {
	hdr := make([]byte, 24)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return fmt.Errorf("%w: short header: %v", ErrFormat, err)
	}
	if string(hdr[:8]) != persistMagic {
		return fmt.Errorf("%w: not a crmkit recommend file", ErrFormat)
	}
	if v := binary.LittleEndian.Uint32(hdr[8:]); v != persistVersion {
		return fmt.Errorf("%w: format version %d, this build reads %d", ErrFormat, v, persistVersion)
	}
	n := binary.LittleEndian.Uint64(hdr[12:])
	if n > maxPayload {
		return fmt.Errorf("%w: payload of %d bytes", ErrFormat, n)
	}
	// Read through a limit rather than allocating the claimed length up front, so a
	// damaged header cannot make us allocate gigabytes for a short input.
	payload, err := io.ReadAll(io.LimitReader(r, int64(n)))
	if err != nil {
		return fmt.Errorf("%w: reading payload: %v", ErrFormat, err)
	}
	if uint64(len(payload)) != n {
		return fmt.Errorf("%w: truncated payload: %d of %d bytes", ErrFormat, len(payload), n)
	}
	if crc32.ChecksumIEEE(payload) != binary.LittleEndian.Uint32(hdr[20:]) {
		return fmt.Errorf("%w: checksum mismatch", ErrFormat)
	}
	dec := gob.NewDecoder(bytes.NewReader(payload))
	var got string
	if err := dec.Decode(&got); err != nil || got != kind {
		return fmt.Errorf("%w: holds %q, want %q", ErrFormat, got, kind)
	}
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return nil
}
