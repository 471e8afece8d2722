package importer

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
)

// Opener opens the file to import; an import calls it twice, once per
// phase, and closes what it returns.
type Opener func() (io.ReadCloser, error)

// csvSource reads the records of one pass over the file.
type csvSource struct {
	closers []io.Closer
	r       *csv.Reader
	cols    columns
}

// openCSV opens the file, unzips it when it starts with the gzip magic
// bytes, and reads and locates the header.
func openCSV(open Opener, m *Mapping) (*csvSource, error) {
	f, err := open()
	if err != nil {
		return nil, fmt.Errorf("importer: opening the file: %w", err)
	}
	s := &csvSource{closers: []io.Closer{f}}
	br := bufio.NewReaderSize(f, 256<<10)
	var in io.Reader = br
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("%w: %v", ErrFormat, err)
		}
		s.closers = append(s.closers, zr)
		in = bufio.NewReaderSize(zr, 256<<10)
	}
	s.r = csv.NewReader(in)
	s.r.FieldsPerRecord = -1 // a short line is a bad row, not the end of the import
	s.r.ReuseRecord = true
	header, err := s.r.Read()
	if err != nil {
		s.Close()
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: the file is empty", ErrFormat)
		}
		return nil, fmt.Errorf("%w: reading the header: %v", ErrFormat, err)
	}
	header = append([]string(nil), header...)
	if s.cols, err = m.locate(header); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// next returns the next record and the file line it starts on. A record the
// CSV reader rejects comes back with bad set and rec nil; err is io.EOF at
// the end, or a read failure (a damaged gzip stream, say).
func (s *csvSource) next() (rec []string, line int, bad string, err error) {
	rec, err = s.r.Read()
	if err == nil {
		line, _ = s.r.FieldPos(0)
		return rec, line, "", nil
	}
	var perr *csv.ParseError
	if errors.As(err, &perr) && !errors.Is(perr.Err, io.ErrUnexpectedEOF) && perr.Err != nil && isCSVSyntax(perr.Err) {
		return nil, perr.StartLine, perr.Err.Error(), nil
	}
	if errors.Is(err, io.EOF) {
		return nil, 0, "", io.EOF
	}
	return nil, 0, "", fmt.Errorf("%w: %v", ErrFormat, err)
}

func isCSVSyntax(err error) bool {
	return errors.Is(err, csv.ErrQuote) || errors.Is(err, csv.ErrBareQuote) || errors.Is(err, csv.ErrFieldCount)
}

// Close closes the gzip reader and the file.
func (s *csvSource) Close() error {
	var errs []error
	for i := len(s.closers) - 1; i >= 0; i-- {
		errs = append(errs, s.closers[i].Close())
	}
	return errors.Join(errs...)
}
