// Command testsummary prints the one summary line of `make test`:
// "N passed, N failed", counting the Go tests (go test -json output, as
// gotestsum --jsonfile writes it) and the mini program's jest tests (jest
// --json result files) together. It exits 1 when anything failed or a
// report is missing, so that a suite that did not run is not a pass.
//
//	go run ./server/cmd/testsummary -go bin/reports/go.json -jest 'miniprogram/.reports/*.json'
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// counts are passed and failed tests.
type counts struct{ passed, failed int }

func (c *counts) add(o counts) { c.passed += o.passed; c.failed += o.failed }

func main() {
	goReport := flag.String("go", "", "go test -json output")
	jestGlob := flag.String("jest", "", "glob of jest --json result files (empty: no mini program tests)")
	flag.Parse()
	if flag.NArg() > 0 {
		// An unquoted glob the shell expanded: only its first file would count.
		fmt.Println("0 passed, 1 failed")
		fmt.Fprintf(os.Stderr, "testsummary: unexpected arguments %q (quote the -jest glob)\n", flag.Args())
		os.Exit(2)
	}
	total, err := summarize(*goReport, *jestGlob)
	fmt.Printf("%d passed, %d failed\n", total.passed, total.failed)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(1)
	}
	if total.failed > 0 {
		os.Exit(1)
	}
}

func summarize(goReport, jestGlob string) (counts, error) {
	var total counts
	var problems []error
	if goReport != "" {
		f, err := os.Open(goReport)
		if err != nil {
			problems = append(problems, fmt.Errorf("go report: %w", err))
			total.failed++
		} else {
			c, err := goCounts(f)
			f.Close()
			total.add(c)
			if err != nil {
				problems = append(problems, fmt.Errorf("%s: %w", goReport, err))
			}
		}
	}
	if jestGlob != "" {
		files, _ := filepath.Glob(jestGlob)
		if len(files) == 0 {
			problems = append(problems, fmt.Errorf("no jest report matches %s", jestGlob))
			total.failed++
		}
		for _, name := range files {
			c, err := jestCounts(name)
			total.add(c)
			if err != nil {
				problems = append(problems, fmt.Errorf("%s: %w", name, err))
			}
		}
	}
	return total, errors.Join(problems...)
}

// goCounts counts the tests of a go test -json stream: each test's final
// pass or fail (subtests too, as gotestsum counts them), and one failure for
// a package that failed without a failing test (a build error, a panic in
// TestMain). A skipped test is neither.
func goCounts(r io.Reader) (counts, error) {
	var c counts
	failedTests := map[string]bool{}
	failedPkgs := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var ev struct {
			Action  string
			Package string
			Test    string
		}
		if json.Unmarshal(sc.Bytes(), &ev) != nil {
			continue // a line of build output
		}
		switch {
		case ev.Test != "" && ev.Action == "pass":
			c.passed++
		case ev.Test != "" && ev.Action == "fail":
			c.failed++
			failedTests[ev.Package] = true
		case ev.Test == "" && ev.Action == "fail":
			failedPkgs[ev.Package] = true
		}
	}
	for pkg := range failedPkgs {
		if !failedTests[pkg] {
			c.failed++
		}
	}
	return c, sc.Err()
}

// jestCounts reads a jest --json result file. A suite that failed to run
// (a syntax error, a failing beforeAll) has no failed test of its own: it
// counts as one failure.
func jestCounts(name string) (counts, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return counts{0, 1}, err
	}
	var r struct {
		NumPassedTests            int
		NumFailedTests            int
		NumRuntimeErrorTestSuites int
		Success                   bool
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return counts{0, 1}, err
	}
	c := counts{r.NumPassedTests, r.NumFailedTests + r.NumRuntimeErrorTestSuites}
	if !r.Success && c.failed == 0 {
		c.failed = 1
	}
	return c, nil
}
