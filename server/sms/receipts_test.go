package sms_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/sms"
	"github.com/liaison-stations/liaison/server/testkit/fakesms"
)

// tencentSample is the example of Tencent's documentation
// (cloud.tencent.com/document/api/382/59178), plus a failure and an element
// with ext, which Tencent sends where it has enabled it.
const tencentSample = `[
    {
        "user_receive_time": "2015-10-17 08:03:04",
        "nationcode": "86",
        "mobile": "13xxxxxxxxx",
        "report_status": "SUCCESS",
        "errmsg": "DELIVRD",
        "description": "用户短信送达成功",
        "sid": "xxxxxxx"
    },
    {
        "user_receive_time": "2015-10-17 08:03:09",
        "nationcode": "86",
        "mobile": "13xxxxxxxxx",
        "report_status": "FAIL",
        "errmsg": "MK:0001",
        "description": "用户短信未送达",
        "sid": "2640:0000000000000000000000000002",
        "ext": "42"
    }
]`

func TestParseReceiptsOfTencentsFormat(t *testing.T) {
	got, err := sms.ParseReceipts([]byte(tencentSample))
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, sms.Receipt{
		SerialNo:    "xxxxxxx",
		Delivered:   true,
		At:          time.Date(2015, 10, 17, 0, 3, 4, 0, time.UTC), // 08:03:04 in Beijing
		ErrMsg:      "DELIVRD",
		Description: "用户短信送达成功",
	}, got[0])
	assert.False(t, got[1].Delivered)
	assert.Equal(t, "MK:0001", got[1].ErrMsg)
	assert.Equal(t, "42", got[1].SessionContext)
}

func TestParseReceiptsKeepsTheGoodElementsOfABadBatch(t *testing.T) {
	got, err := sms.ParseReceipts([]byte(`[
		{"report_status":"SUCCESS","sid":"a","user_receive_time":"not a time"},
		{"report_status":"SUCCESS"},
		{"report_status":"MAYBE","sid":"c"},
		{"report_status":"fail","sid":"d"}
	]`))
	assert.Error(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, "a", got[0].SerialNo)
	assert.True(t, got[0].At.IsZero(), "an unreadable time is left zero")
	assert.Equal(t, "d", got[1].SerialNo)
	assert.False(t, got[1].Delivered)
}

func TestParseReceiptsRefusesWhatIsNotJSON(t *testing.T) {
	for _, body := range []string{``, `nope`, `[{"sid":1}]`} {
		got, err := sms.ParseReceipts([]byte(body))
		assert.Error(t, err, body)
		assert.Nil(t, got, body)
	}
	got, err := sms.ParseReceipts([]byte(`{"report_status":"SUCCESS","sid":"one"}`))
	require.NoError(t, err, "a single object is taken too")
	assert.Len(t, got, 1)
}

func TestReceiptOfTheFakeRoundTrips(t *testing.T) {
	clk := clock.NewFixed(time.Date(2026, 7, 1, 1, 2, 3, 0, time.UTC))
	fake := fakesms.New(t, fakesms.WithClock(clk))
	res, err := newSender(t, config(fake)).Send(t.Context(), message(77, "x"))
	require.NoError(t, err)

	got, err := sms.ParseReceipts(fake.Receipt(res.SerialNo))
	require.NoError(t, err)
	require.Equal(t, []sms.Receipt{{SerialNo: res.SerialNo, Delivered: true, At: clk.Now(),
		ErrMsg: "DELIVRD", Description: "用户短信送达成功", SessionContext: "77"}}, got)

	got, err = sms.ParseReceipts(fake.FailedReceipt(res.SerialNo, "UNDELIV"))
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.False(t, got[0].Delivered)
	assert.Equal(t, "UNDELIV", got[0].ErrMsg)
}
