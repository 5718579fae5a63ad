// Names for the shapes of the backend's answers and requests, as the pages use them. Every one
// is a type of src/api/schema.ts, generated from the OpenAPI document (`npm run gen:types`):
// when the document changes, these change with it, and tsc shows the pages that must follow.
import type { components, paths } from './schema';

type Schemas = components['schemas'];

/** The body of a path's successful answer (200 or 201). */
type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R }
  ? R extends { 200: infer B } ? B : R extends { 201: infer B } ? B : never
  : never;

/** A page of a list: `items` and the cursor of the next page ('' at the end). */
export interface Page<T> {
  items: T[];
  next_cursor: string;
}

// ---- public ----

export type CodeName = Schemas['CodeName'];
/** Subscribe templates are read by key (`message_reply` …), so they are a record here. */
export type Meta = Omit<Body<'/api/v1/meta', 'get'>, 'subscribe_templates'> & { subscribe_templates: Record<string, string> };
/** The operating unit (运营单位) and its contacts, from the backend's configuration. */
export type Operator = Meta['operator'];
export type DeputyRef = Schemas['CardDeputy'];
export type Level = DeputyRef['levels'][number];
/** A station as the public sees it: its card, or a station near the caller (with its distance). */
export type Station = Schemas['StationCard'] & Partial<Pick<Schemas['NearbyStation'], 'distance_m'>>;
/** An upcoming activity on a station's page. */
export type Activity = Schemas['UpcomingActivity'];
/** A published answer on a station's page. */
export type Answer = Schemas['PublishedAnswer'];

// ---- messages ----

export type Photo = Schemas['MessageImage'];
export type TimelineEvent = Schemas['MessageEvent'];
export type Message = Schemas['Message'];
export type RatingValue = NonNullable<paths['/api/v1/messages/{id}/rating']['post']['requestBody']>['rating'];
/** The category is one of /meta's `categories`, chosen at run time: a string here. */
export type MessageInput = Omit<Schemas['MessageInput'], 'category'> & { category: string };
export type MessageCreated = Schemas['MessageCreated'];

// ---- identity ----

export type Grant = Schemas['Grant'];
export type RoleName = Grant['role'];
export type Me = Schemas['Me'];

// ---- a deputy's activities ----

export type MyActivity = Schemas['MyActivity'];
export type Rsvp = MyActivity['rsvp'];
export type Checkin = Schemas['Checkin'];
export type KindCount = Schemas['KindCount'];
export type PerformanceRecord = Schemas['Record'];

// ---- staff ----

/** A message as staff and the assigned deputy read it: the same answer, with its `actions`. */
export type AdminMessage = Message;
export type TransitionInput = Schemas['MessageTransition'];
/** A walk-in's message: the person's name, phone and consent in `on_behalf`. */
export type WalkInInput = MessageInput & { on_behalf: NonNullable<Schemas['MessageInput']['on_behalf']> };
export type Employer = Schemas['Employer'];
export type Deputy = Schemas['Deputy'];
export type Group = Schemas['Group'];
export type Unit = Schemas['Unit'];
export type AdminStation = Schemas['Station'];
export type Invitees = Schemas['Invitees'];
export type ActivityInput = Schemas['ActivityInput'];
export type AdminActivity = Schemas['Activity'];
export type ActivityStatus = AdminActivity['status'];
export type ActivityNotice = Schemas['ActivityNotice'];
export type ActivityDetail = Schemas['ActivityDetail'];
export type InviteeStatus = ActivityDetail['invitee_status'][number];
export type CheckinCode = Body<'/api/v1/admin/activities/{id}/checkin-code', 'get'>;
export type Audience = Body<'/api/v1/admin/activities/{id}/audience', 'get'>;
export type Compliance = Schemas['Compliance'];
export type CompliancePeriod = Compliance['rules'][number]['periods'][number];

/** A browser's request to sign in to the console, waiting for a staff member's approval. */
export type ConsoleLogin = Schemas['ConsoleLogin'];
