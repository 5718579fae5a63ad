package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goStream is go test -json output of three packages: one passing with a
// subtest and a skip, one with a failing test, one that did not build.
const goStream = `{"Action":"run","Package":"a","Test":"TestA"}
{"Action":"run","Package":"a","Test":"TestA/case"}
{"Action":"pass","Package":"a","Test":"TestA/case"}
{"Action":"pass","Package":"a","Test":"TestA"}
{"Action":"skip","Package":"a","Test":"TestSkipped"}
{"Action":"pass","Package":"a"}
{"Action":"fail","Package":"b","Test":"TestB"}
{"Action":"pass","Package":"b","Test":"TestC"}
{"Action":"fail","Package":"b"}
# c [c.test]
{"Action":"fail","Package":"c"}
`

func TestGoCountsTestsSubtestsAndPackagesThatFailedWithoutATest(t *testing.T) {
	c, err := goCounts(strings.NewReader(goStream))
	require.NoError(t, err)
	assert.Equal(t, counts{passed: 3, failed: 2}, c, "TestA, its case and TestC pass; TestB and package c fail")
}

func TestSummaryAddsGoAndJestAndFailsOnAMissingReport(t *testing.T) {
	dir := t.TempDir()
	goFile := filepath.Join(dir, "go.json")
	require.NoError(t, os.WriteFile(goFile, []byte(goStream), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "jest-unit.json"),
		[]byte(`{"numPassedTests":40,"numFailedTests":1,"numRuntimeErrorTestSuites":0,"success":false}`), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "jest-e2e.json"),
		[]byte(`{"numPassedTests":0,"numFailedTests":0,"numRuntimeErrorTestSuites":1,"success":false}`), 0o600))

	total, err := summarize(goFile, filepath.Join(dir, "jest-*.json"))
	require.NoError(t, err)
	assert.Equal(t, counts{passed: 43, failed: 4}, total, "a suite that could not run counts as a failure")

	total, err = summarize(goFile, filepath.Join(dir, "none-*.json"))
	assert.Error(t, err, "mini program tests that left no report did not pass")
	assert.Equal(t, 3, total.failed)
}
