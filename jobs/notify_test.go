package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/sms"
	"github.com/liaison-stations/liaison/server/store"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/fakesms"
)

// wave is a notification engine on a real database and Redis, sending
// through a fake Tencent SMS server, with a real asynq worker.
type wave struct {
	db    *testkit.DB
	redis *testkit.Redis
	sms   *fakesms.Server
	opt   asynq.RedisConnOpt
}

func newWave(t *testing.T) *wave {
	w := &wave{db: testkit.NewDB(t), redis: testkit.NewRedis(t), sms: fakesms.New(t)}
	w.opt = w.redis.AsynqOpt()
	return w
}

var testKey = bytes.Repeat([]byte{5}, 32)

// newEngine builds an engine with fast retries and no quiet hours (the
// test runs on the real clock, at any hour).
func newEngine(db *store.DB, smsURL, secretID, appID, sign string, q notify.Enqueuer) (*notify.Engine, error) {
	rules, err := notify.LoadRules(filepath.Join("..", "configs", "notifications.yaml"))
	if err != nil {
		return nil, err
	}
	rules.Retry = notify.Retry{MaxAttempts: 30, BaseDelay: 20 * time.Millisecond, MaxDelay: 200 * time.Millisecond}
	rules.SendingTimeout = 5 * time.Second
	rules.RequeueAfter = time.Second
	box, err := pii.NewBox(testKey)
	if err != nil {
		return nil, err
	}
	sender, err := sms.NewTencent(sms.Config{SecretID: secretID, SecretKey: fakesms.DefaultSecretKey, SDKAppID: appID, Sign: sign, Endpoint: smsURL})
	if err != nil {
		return nil, err
	}
	return notify.New(notify.Deps{DB: db, Box: box, Rules: rules, SMS: sender, Queue: q,
		Log: slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))}), nil
}

func engine(t testing.TB, db *store.DB, smsURL, secretID, appID, sign string, q notify.Enqueuer) *notify.Engine {
	e, err := newEngine(db, smsURL, secretID, appID, sign, q)
	require.NoError(t, err)
	return e
}

func (w *wave) engine(t *testing.T, client *asynq.Client) *notify.Engine {
	return engine(t, w.db.DB, w.sms.URL(), w.sms.SecretID(), w.sms.SDKAppID(), w.sms.Sign(), NoticeQueue{Client: client, Prefix: w.redis.QueuePrefix})
}

// create makes n notices to distinct phones in one transaction and enqueues them.
func (w *wave) create(t *testing.T, e *notify.Engine, n int) {
	var due []notify.Due
	require.NoError(t, w.db.Tx(t.Context(), func(tx *sqlx.Tx) error {
		notices := make([]notify.Notice, n)
		for i := range notices {
			notices[i] = notify.Notice{Kind: "message_code", To: notify.Recipient{Type: notify.ToPhone, Phone: phone(i)},
				Subject: fmt.Sprintf("message:%d", i+1), DedupeKey: fmt.Sprintf("message:%d:code", i+1),
				Params: map[string]string{"code": fmt.Sprintf("LX%04d", i), "station_name": "民生街道联络站"}}
		}
		var err error
		due, err = e.Create(t.Context(), tx, notices...)
		return err
	}))
	require.Len(t, due, n)
	e.Enqueue(t.Context(), due)
}

func phone(i int) string { return fmt.Sprintf("139%08d", i) }

func (w *wave) sent() int {
	var n int
	_ = w.db.GetContext(context.Background(), &n, "SELECT COUNT(*) FROM notifications WHERE status = 'sent'")
	return n
}

// startWorker runs a worker until the returned stop is called.
func (w *wave) startWorker(t *testing.T, e *notify.Engine) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	worker := NewWorker(Config{Redis: w.opt, QueuePrefix: w.redis.QueuePrefix, Concurrency: 20, Notify: e, ScanInterval: 200 * time.Millisecond,
		Logger: slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		assert.NoError(t, worker.Run(ctx))
	}()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); wg.Wait() }) }
	t.Cleanup(stop)
	return stop
}

// assertEachReceivedOnce checks that every one of n phones got exactly one message.
func (w *wave) assertEachReceivedOnce(t *testing.T, n int) {
	twice := 0
	for i := 0; i < n; i++ {
		switch c := w.sms.Count(phone(i)); {
		case c == 0:
			t.Errorf("%s received nothing", phone(i))
		case c > 1:
			twice++
		}
	}
	assert.Zero(t, twice, "phones that received a notice more than once")
	assert.Equal(t, n, w.db.Count(t, "SELECT COUNT(*) FROM notifications WHERE status = 'sent'"), "every row sent")
}

func TestAThousandNoticesWithTransientFailuresAreEachSentExactlyOnce(t *testing.T) {
	w := newWave(t)
	w.sms.FailRate(0.2, "InternalError.Timeout")
	client := asynq.NewClient(w.opt)
	defer client.Close()
	e := w.engine(t, client)
	w.create(t, e, 1000)
	w.startWorker(t, e)
	require.Eventually(t, func() bool { return w.sent() == 1000 }, 90*time.Second, 100*time.Millisecond, "sent %d of 1000", w.sent())
	w.assertEachReceivedOnce(t, 1000)
	assert.Greater(t, w.sms.Requests(), 1100, "the fake failed about a fifth of the calls, which were retried")
}

func TestFlushingRedisInTheMiddleOfAWaveLosesNothing(t *testing.T) {
	w := newWave(t)
	w.sms.FailRate(0.2, "InternalError.Timeout")
	w.sms.Latency(2 * time.Millisecond)
	client := asynq.NewClient(w.opt)
	defer client.Close()
	e := w.engine(t, client)
	w.create(t, e, 1000)
	w.startWorker(t, e)
	require.Eventually(t, func() bool { return w.sent() >= 200 }, 60*time.Second, 20*time.Millisecond)
	require.NoError(t, w.redis.Flush(t.Context()), "Redis loses every queued task")
	require.Eventually(t, func() bool { return w.sent() == 1000 }, 90*time.Second, 100*time.Millisecond, "sent %d of 1000", w.sent())
	w.assertEachReceivedOnce(t, 1000)
}

// TestAWorkerKilledMidWaveLosesNothing kills a worker process with SIGKILL
// in the middle of a wave and lets another finish it. A notice can be sent
// twice only in the documented window (accepted by the provider, the process
// killed before the row was marked): at most the rows it had claimed.
func TestAWorkerKilledMidWaveLosesNothing(t *testing.T) {
	w := newWave(t)
	w.sms.Latency(5 * time.Millisecond)
	client := asynq.NewClient(w.opt)
	defer client.Close()
	e := w.engine(t, client)
	w.create(t, e, 600)

	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "LIAISON_WORKER_PROCESS=1", "WORKER_DSN="+w.db.DSN, "WORKER_REDIS_ADDR="+w.redis.Addr,
		fmt.Sprintf("WORKER_REDIS_DB=%d", w.redis.DB), "WORKER_QUEUE_PREFIX="+w.redis.QueuePrefix, "WORKER_SMS_URL="+w.sms.URL(), "WORKER_SMS_ID="+w.sms.SecretID(),
		"WORKER_SMS_APP="+w.sms.SDKAppID(), "WORKER_SMS_SIGN="+w.sms.Sign())
	require.NoError(t, cmd.Start())
	require.Eventually(t, func() bool { return w.sent() >= 150 }, 60*time.Second, 10*time.Millisecond, "the worker process sends")
	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()
	var inFlight int
	require.NoError(t, w.db.GetContext(t.Context(), &inFlight, "SELECT COUNT(*) FROM notifications WHERE status = 'sending'"))
	t.Logf("killed with %d sent and %d in flight", w.sent(), inFlight)

	w.startWorker(t, e)
	// A notice the killed worker had handed to the provider comes back as
	// sent again; Tencent refuses the same content to the same number within
	// 30 s, and the engine then records it unknown instead of sending twice.
	settled := func() int {
		return w.db.Count(t, "SELECT COUNT(*) FROM notifications WHERE status IN ('sent', 'unknown')")
	}
	require.Eventually(t, func() bool { return settled() == 600 }, 90*time.Second, 100*time.Millisecond, "settled %d of 600", settled())
	assert.LessOrEqual(t, w.db.Count(t, "SELECT COUNT(*) FROM notifications WHERE status = 'unknown'"), inFlight)
	twice := 0
	for i := 0; i < 600; i++ {
		c := w.sms.Count(phone(i))
		require.NotZero(t, c, "%s received nothing", phone(i))
		if c > 1 {
			twice++
		}
	}
	assert.LessOrEqual(t, twice, inFlight, "only rows in flight at the kill may have gone twice")
}

// TestMain runs the worker that TestAWorkerKilledMidWaveLosesNothing starts
// in a child process and kills, when this binary is that child.
func TestMain(m *testing.M) {
	if os.Getenv("LIAISON_WORKER_PROCESS") == "1" {
		workerProcess()
		return
	}
	os.Exit(m.Run())
}

func workerProcess() {
	db, err := store.Open(context.Background(), os.Getenv("WORKER_DSN"))
	if err != nil {
		panic(err)
	}
	var redisDB int
	fmt.Sscan(os.Getenv("WORKER_REDIS_DB"), &redisDB)
	conn, err := config.ParseRedis(os.Getenv("WORKER_REDIS_ADDR"), redisDB, "")
	if err != nil {
		panic(err)
	}
	prefix := os.Getenv("WORKER_QUEUE_PREFIX")
	client := asynq.NewClient(conn.Asynq)
	e, err := newEngine(db, os.Getenv("WORKER_SMS_URL"), os.Getenv("WORKER_SMS_ID"), os.Getenv("WORKER_SMS_APP"), os.Getenv("WORKER_SMS_SIGN"), NoticeQueue{Client: client, Prefix: prefix})
	if err != nil {
		panic(err)
	}
	worker := NewWorker(Config{Redis: conn.Asynq, QueuePrefix: prefix, Concurrency: 20, Notify: e, ScanInterval: 200 * time.Millisecond})
	_ = worker.Run(context.Background()) // until killed
}

// Notices due now go in batches of one queue; a later one gets its own task
// at its time; the same notices make the same task ids, so the creator's
// enqueue and the sweep's queue them once.
func TestDueNoticesAreQueuedInBatchesAndLaterOnesAlone(t *testing.T) {
	now := time.Now()
	var due []notify.Due
	for i := 1; i <= 45; i++ {
		due = append(due, notify.Due{ID: int64(i), Queue: "critical", At: now})
	}
	for i := 46; i <= 48; i++ {
		due = append(due, notify.Due{ID: int64(i), Queue: "low", At: now})
	}
	due = append(due, notify.Due{ID: 49, Queue: "critical", At: now.Add(time.Hour)})

	count := func(tasks []queuedTask) map[string]int {
		out := map[string]int{}
		for _, qt := range tasks {
			var p SendNoticesPayload
			if qt.task.Type() == TypeSendNotice {
				out["single"]++
				continue
			}
			require.NoError(t, json.Unmarshal(qt.task.Payload(), &p))
			out[fmt.Sprint(len(p.IDs))]++
		}
		return out
	}
	tasks := NoticeQueue{}.tasks(due)
	assert.Equal(t, map[string]int{"20": 2, "5": 1, "3": 1, "single": 1}, count(tasks))

	idsOf := func(tasks []queuedTask) []string {
		var out []string
		for _, qt := range tasks {
			for _, o := range qt.opts {
				if o.Type() == asynq.TaskIDOpt {
					out = append(out, o.Value().(string))
				}
			}
		}
		sort.Strings(out)
		return out
	}
	assert.Equal(t, idsOf(tasks), idsOf(NoticeQueue{}.tasks(due)), "the same notices, the same task ids")
}
