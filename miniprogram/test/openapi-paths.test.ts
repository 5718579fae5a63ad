// Every call the mini program makes is in the backend's OpenAPI document
// (server/api/openapi.yaml merged with server/api/openapi/*.yaml): path, method and query names.
// Each exported function of each API module is called against a fake transport that records
// what would go over the wire; a new API function must be added to the table below.
import * as fs from 'fs';
import * as path from 'path';
import { fastConfig, FakeServer, installWx } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { loadDocument } = require('../scripts/openapi-doc');

const apiDir = path.resolve(__dirname, '..', 'src', 'api');

type Op = { parameters?: { name?: string; in?: string; $ref?: string }[] };
type Doc = { paths: Record<string, Record<string, Op> & { parameters?: Op['parameters'] }>; components?: { parameters?: Record<string, { name: string; in: string }> } };

/** The document as the server serves it (scripts/openapi-doc.js merges it as openapi.go does). */
function document(): Doc {
  return loadDocument().doc as Doc;
}

const calls: Record<string, (mod: any) => Promise<unknown>> = {
  'stations.getStation': (m) => m.getStation(12),
  'stations.nearStations': (m) => m.nearStations(22.8, 108.3),
  'stations.searchStations': (m) => m.searchStations('民生'),
  'stations.getSchedule': (m) => m.getSchedule(12),
  'stations.getAnswers': (m) => m.getAnswers(12, 'next', 10),
  'messages.createMessage': (m) => m.createMessage(12, { category: 'other', content: '五个字以上', image_ids: [], name: '', phone: '', anonymous: false, publish: false }),
  'messages.myMessages': (m) => m.myMessages('next', 20),
  'deputies.getDeputyCard': (m) => m.getDeputyCard(12),
  'deputies.createDeputyMessage': (m) => m.createDeputyMessage(12, { category: 'other', content: '五个字以上', image_ids: [], name: '', phone: '', anonymous: false, publish: false, station_id: 12 }),
  'messages.getMessage': (m) => m.getMessage(4),
  'messages.rateMessage': (m) => m.rateMessage(4, 'satisfied', ''),
  'messages.answerFollowup': (m) => m.answerFollowup(4, true, ''),
  'messages.setPublish': (m) => m.setPublish(4, false),
  'meta.getMeta': (m) => m.getMeta(),
  'meta.forgetMeta': async (m) => m.forgetMeta(),
  'rules.rules': async (m) => m.rules(),
  'rules.learnRules': async (m) => m.learnRules(undefined),
  'rules.photoSizeWords': async (m) => m.photoSizeWords(),
  'subscriptions.recordSubscriptions': (m) => m.recordSubscriptions(['TPL']),
  'uploads.uploadPhoto': (m) => m.uploadPhoto('wxfile://a.jpg'),
  'uploads.downloadPhoto': (m) => m.downloadPhoto('/api/v1/uploads/77'),
  'me.getMe': (m) => m.getMe(true),
  'me.forgetMe': async (m) => m.forgetMe(),
  'me.redeemInvite': (m) => m.redeemInvite('K7QM-3XRT-9HPA'),
  'me.bindPhone': (m) => m.bindPhone('phone-code'),
  'deputy.myActivities': (m) => m.myActivities('next', 50),
  'deputy.rsvp': (m) => m.rsvp(21, 'leave', '值班'),
  'deputy.checkIn': (m) => m.checkIn(21, 'ABC', 22.8, 108.3),
  'deputy.myRecord': (m) => m.myRecord(2026),
  'inbox.myInbox': (m) => m.myInbox('next', 20),
  'inbox.deputyStep': (m) => m.deputyStep(4, { action: 'hand_over', note: '需要镇里安排' }),
  'inbox.waitingCount': (m) => m.waitingCount(1),
  'admin.inbox': (m) => m.inbox({ station_id: 12, status: 'submitted', overdue: true, cursor: 'next', limit: 20 }),
  'admin.getAdminMessage': (m) => m.getAdminMessage(4),
  'admin.transition': (m) => m.transition(4, { action: 'accept' }),
  'admin.createWalkIn': (m) => m.createWalkIn(12, { category: 'other', content: '五个字以上', image_ids: [], anonymous: false, publish: false, on_behalf: { name: '张', phone: '13800000000', consent: true } }),
  'admin.adminStations': (m) => m.adminStations('next'),
  'admin.adminDeputies': (m) => m.adminDeputies(12, 'next'),
  'admin.adminGroups': (m) => m.adminGroups('next'),
  'admin.adminUnits': (m) => m.adminUnits('next'),
  'admin.all': (m) => m.all((c: string) => m.adminUnits(c)),
  'activities.listActivities': (m) => m.listActivities({ station_id: 12, status: 'published', from: '2026-01-01', to: '2026-12-31', cursor: 'next', limit: 20 }),
  'activities.createActivity': (m) => m.createActivity({ station_id: 12, kind: 'study' }),
  'activities.updateActivity': (m) => m.updateActivity(31, { title: '集中学习' }),
  'activities.getActivity': (m) => m.getActivity(31),
  'activities.publishActivity': (m) => m.publishActivity(31),
  'activities.cancelActivity': (m) => m.cancelActivity(31, '台风'),
  'activities.audience': (m) => m.audience(31),
  'activities.checkinCode': (m) => m.checkinCode(31),
  'activities.markAttendance': (m) => m.markAttendance(31, 1, '手机没电'),
  'activities.stationCompliance': (m) => m.stationCompliance(12, 2026),
  'activities.resendNotice': (m) => m.resendNotice(20),
  'console-logins.getConsoleLogin': (m) => m.getConsoleLogin('aB3-_x9ZqW2eRt5yUi8oP0'),
  'console-logins.approveConsoleLogin': (m) => m.approveConsoleLogin('aB3-_x9ZqW2eRt5yUi8oP0'),
  'consultations.openConsultations': (m) => m.openConsultations(12),
  'consultations.getConsultation': (m) => m.getConsultation(3),
  'consultations.sendOpinion': (m) => m.sendOpinion(3, { article_id: null, content: '五个字以上', name: '', phone: '', station_id: 12 }, { key: 'key-12345678' }),
  'consultations.myOpinions': (m) => m.myOpinions('next', 20),
  'consultations.consultationStats': (m) => m.consultationStats(3),
};

function templateMatches(template: string, actual: string): boolean {
  const re = new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$');
  return re.test(actual);
}

test('every path, method and query parameter the mini program uses is in the OpenAPI document', async () => {
  fastConfig();
  const server = new FakeServer();
  installWx(server);
  server.on('GET', '/api/v1/*', { body: { items: [], next_cursor: '' } });
  server.on('GET', '/api/v1/*/*', { body: { items: [], next_cursor: '' } });
  server.on('GET', '/api/v1/*/*/*', { body: { items: [], next_cursor: '' } });
  server.on('POST', '/api/v1/*', { status: 201, body: { id: 1 } });
  server.on('POST', '/api/v1/*/*', { status: 201, body: { id: 1 } });
  server.on('POST', '/api/v1/*/*/*', { status: 200, body: { id: 1 } });
  server.on('POST', '/api/v1/*/*/*/*', { status: 200, body: { id: 1 } });
  server.on('POST', '/api/v1/*/*/*/*/*', { status: 200, body: { id: 1 } });
  server.on('GET', '/api/v1/*/*/*/*', { body: { items: [], next_cursor: '' } });
  server.on('GET', '/api/v1/*/*/*/*/*', { body: { items: [], next_cursor: '' } });
  server.on('PUT', '/api/v1/*/*/*', { body: { id: 1 } });

  const modules = fs.readdirSync(apiDir).filter((f) => f.endsWith('.ts') && f !== 'types.ts' && f !== 'schema.ts');
  const seen = new Set<string>();
  for (const file of modules) {
    const name = file.replace(/\.ts$/, '');
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const mod = require(path.join(apiDir, file));
    for (const fn of Object.keys(mod).filter((k) => typeof mod[k] === 'function')) {
      const key = `${name}.${fn}`;
      expect({ key, inTable: key in calls }).toEqual({ key, inTable: true });
      await calls[key](mod);
      seen.add(key);
    }
  }
  expect([...seen].sort()).toEqual(Object.keys(calls).sort());

  const doc = document();
  const used = server.calls.filter((c) => c.path.startsWith('/api/'));
  expect(used.length).toBeGreaterThan(Object.keys(calls).length - 2);
  const problems: string[] = [];
  for (const c of used) {
    const template = Object.keys(doc.paths).find((t) => templateMatches(t, c.path) && doc.paths[t][c.method.toLowerCase()]);
    if (!template) {
      problems.push(`${c.method} ${c.path} is not in the OpenAPI document`);
      continue;
    }
    const item = doc.paths[template];
    const op = item[c.method.toLowerCase()] as Op;
    const params = [...(item.parameters || []), ...(op.parameters || [])].map((p) =>
      p.$ref ? (doc.components!.parameters as any)[p.$ref.split('/').pop() as string] : p,
    );
    for (const q of Object.keys(c.query)) {
      if (!params.some((p) => p && p.in === 'query' && p.name === q)) problems.push(`${c.method} ${template}: query ?${q} is not documented`);
    }
  }
  expect(problems).toEqual([]);
});
