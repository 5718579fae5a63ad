// Package faulttest holds the fault test (fault_test.go): liaison's
// production binary, several `serve` and `worker` processes on a three-node
// MariaDB Galera cluster and a three-master Redis Cluster (server/testkit/
// cluster), a wave of notices, a database node and a worker killed in the
// middle of it. It has no code of its own.
package faulttest
