package devmode

import (
	"context"
	"time"

	"github.com/liaison-stations/liaison/server/app"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/consultations"
	"github.com/liaison-stations/liaison/server/registry"
)

// demoCityArea is the city whose office runs the demo consultation: 南宁市.
const demoCityArea = "450100"

// demoDraftTitle and demoDraft are the demo consultation's draft: a short,
// made-up regulation of three chapters, the last one 附则, with an article
// of items （一）（二）.
const demoDraftTitle = "南宁市社区微型公园建设管理若干规定（草案征求意见稿）"

const demoDraftExplanation = `为回应群众“出门见绿、就近休憩”的期盼，规范社区微型公园的规划、建设和管护，市人大常委会法制工作委员会起草了本规定草案。
草案共三章十条，重点明确了选址要求、建设标准、管护责任和群众参与。欢迎社会各界逐条提出意见。`

const demoDraft = `南宁市社区微型公园建设管理若干规定
（草案征求意见稿）

第一章　总　则

第一条　为了规范社区微型公园的建设和管理，改善人居环境，方便群众就近休闲健身，根据有关法律、法规，结合本市实际，制定本规定。

第二条　本规定所称社区微型公园，是指在城市建成区内利用边角地、闲置地建设的，面积在一百平方米以上一万平方米以下，向公众免费开放的小型绿地。

第三条　市、县（区）人民政府应当将社区微型公园建设纳入城市更新工作，所需经费列入本级财政预算。

第二章　建设与管护

第四条　社区微型公园的选址应当符合下列要求：
（一）步行十分钟范围内可达，优先布局在老旧小区、学校和医院周边；
（二）避开地质灾害隐患点和高压线路保护区；
（三）不得占用永久基本农田。

第五条　社区微型公园应当设置适合老年人和儿童使用的座椅、步道和照明设施，并同步建设无障碍设施。

第六条　社区微型公园由所在街道办事处或者乡镇人民政府负责日常管护，可以委托物业服务企业或者社会组织实施。

第七条　任何单位和个人不得擅自改变社区微型公园的用途，不得在园内停放车辆、堆放杂物或者搭建建筑物、构筑物。

第八条　社区微型公园建设方案应当公示不少于十五日，听取周边居民、人大代表和政协委员的意见。

第三章　附　则

第九条　县（区）人民政府可以根据本规定制定实施细则。

第十条　本规定自　　年　　月　　日起施行。`

// seedConsultations marks the demo station a grassroots legislative
// contact point and opens the city's consultation on the demo draft there,
// for four weeks from yesterday.
func seedConsultations(ctx context.Context, a *app.App, d *Demo) error {
	if d.Station == nil || a.Consultations == nil {
		return nil
	}
	st, err := a.Registry.UpdateStation(ctx, seeder, d.Station.ID, registry.StationInput{LegislativeContactPoint: ptr(true)})
	if err != nil {
		return err
	}
	d.Station = st
	today := time.Now().In(clock.Shanghai)
	opens := time.Date(today.Year(), today.Month(), today.Day(), 9, 0, 0, 0, clock.Shanghai).AddDate(0, 0, -1)
	closes := opens.AddDate(0, 0, 28).Add(9 * time.Hour) // 18:00 four weeks on
	c, err := a.Consultations.Create(ctx, seeder, consultations.Input{
		Title: ptr(demoDraftTitle), Explanation: ptr(demoDraftExplanation), Text: ptr(demoDraft),
		OpensAt: &opens, ClosesAt: &closes, AreaCode: ptr(demoCityArea),
	})
	if err != nil {
		return err
	}
	_, err = a.Consultations.Publish(ctx, seeder, c.ID)
	return err
}
