// Shapes of the backend's answers (server/api/openapi.yaml), as far as the pages use them.

export type Level = 'national' | 'regional' | 'city' | 'county' | 'township';

export interface DeputyRef {
  id: number;
  name: string;
  levels: Level[];
  convenor?: boolean;
}

export interface Station {
  id: number;
  name: string;
  kind: string;
  topic: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  open_hours: string;
  area: { code: string; name: string };
  deputies?: DeputyRef[];
  distance_m?: number;
}

export interface Activity {
  id: number;
  kind: string;
  title: string;
  start_at: string;
  end_at: string;
  venue: string;
  latitude?: number | null;
  longitude?: number | null;
  deputies: DeputyRef[];
}

export interface Answer {
  id: number;
  category: string;
  content: string;
  reply: string;
  submitted_at: string;
  replied_at: string;
}

export interface Page<T> {
  items: T[];
  next_cursor: string;
}

export interface Photo {
  id: number;
  url: string;
}

export interface TimelineEvent {
  action: string;
  at: string;
  note: string;
}

export type RatingValue = 'satisfied' | 'basically_satisfied' | 'unsatisfied';

export interface Message {
  id: number;
  code: string;
  station_id: number;
  station_name: string;
  category: string;
  content: string;
  name?: string;
  phone?: string;
  anonymous: boolean;
  publish?: boolean;
  status: string;
  reply: string | null;
  reject_reason?: string;
  promise?: string;
  promise_due_at: string | null;
  fulfilled: boolean | null;
  rating: RatingValue | null;
  rating_comment?: string;
  close_reason?: string;
  reply_due?: string;
  replied_at: string | null;
  closed_at: string | null;
  created_at: string;
  images: Photo[];
  timeline?: TimelineEvent[];
}

export interface MessageInput {
  category: string;
  content: string;
  image_ids: number[];
  name: string;
  phone: string;
  anonymous: boolean;
  publish: boolean;
}

export interface MessageCreated {
  id: number;
  code: string;
  status: string;
  reply_due?: string;
  created_at: string;
}

export interface CodeName {
  code: string;
  name: string;
}

/** The operating unit (运营单位) and its contacts, from the backend's configuration. */
export interface Operator {
  name: string;
  /** As dialled, with the area code; empty when not configured. */
  phone: string;
  /** May be empty. */
  email: string;
  /** Who answers about personal information; empty when not configured. */
  privacy_contact: string;
}

export interface Meta {
  subscribe_templates: Record<string, string>;
  categories: CodeName[];
  activity_kinds: CodeName[];
  /** Absent from an older backend. */
  operator?: Operator;
}

// ---- identity ----

export type RoleName = 'admin' | 'staff' | 'deputy';

export interface Grant {
  role: RoleName;
  area_code?: string;
  station_ids?: number[];
  deputy_id?: number;
}

export interface Me {
  id: number;
  roles: Grant[];
  deputy: { id: number; name: string; levels: Level[]; phone: string; station_ids: number[] } | null;
}

// ---- a deputy's activities ----

export type Rsvp = '' | 'attend' | 'leave';

export interface MyActivity {
  id: number;
  station_id: number;
  station_name: string;
  kind: string;
  kind_name: string;
  title: string;
  description: string;
  start_at: string;
  end_at: string;
  venue: string;
  latitude: number | null;
  longitude: number | null;
  status: string;
  cancel_reason: string;
  rsvp: Rsvp;
  rsvp_reason: string;
  checked_in_at: string | null;
}

export interface Checkin {
  activity_id: number;
  deputy_id: number;
  method: 'code' | 'manual';
  distance_m: number | null;
  note: string;
  checked_in_at: string;
}

export interface KindCount {
  kind: string;
  kind_name: string;
  invited: number;
  attended: number;
  on_leave: number;
  absent: number;
}

export interface PerformanceRecord {
  deputy_id: number;
  name: string;
  year: number;
  kinds: KindCount[];
  total: KindCount;
  messages_assigned: number;
  messages_replied: number;
}

// ---- staff ----

export interface AdminMessage extends Message {
  walk_in?: boolean;
  deputy_id?: number | null;
  unit_id?: number | null;
  accept_due?: string;
  overdue?: boolean;
  review?: string;
  /** Only in the answer to a reply: the reply names someone or carries a number. */
  warnings?: string[];
}

export interface TransitionInput {
  action: 'accept' | 'assign' | 'transfer' | 'reply' | 'promise' | 'reject' | 'close';
  deputy_id?: number;
  unit_id?: number;
  reply?: string;
  reason?: string;
  promise?: string;
  due_at?: string;
  note?: string;
}

export interface WalkInInput {
  category: string;
  content: string;
  image_ids: number[];
  anonymous: boolean;
  publish: boolean;
  on_behalf: { name: string; phone: string; consent: boolean; publish_consent?: boolean };
}

export interface Employer {
  name: string;
  contact_name: string;
  contact_phone: string;
}

export interface Deputy {
  id: number;
  name: string;
  phone: string;
  levels: Level[];
  employer: Employer | null;
  station_ids: number[];
  active: boolean;
}

export interface Group {
  id: number;
  name: string;
  kind: string;
  deputy_ids: number[];
}

export interface Unit {
  id: number;
  name: string;
  contact_name: string;
  contact_phone: string;
}

export interface AdminStation {
  id: number;
  name: string;
  area_code: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  checkin_radius_m: number;
}

export interface Invitees {
  deputy_ids?: number[];
  station_id?: number;
  group_id?: number;
}

export type ActivityStatus = 'draft' | 'published' | 'cancelled' | 'finished';

export interface ActivityInput {
  station_id?: number;
  kind?: string;
  title?: string;
  description?: string;
  start_at?: string;
  end_at?: string;
  venue?: string;
  latitude?: number;
  longitude?: number;
  checkin_radius_m?: number;
  invitees?: Invitees;
}

export interface AdminActivity {
  id: number;
  station_id: number;
  station_name: string;
  group_id: number | null;
  kind: string;
  kind_name: string;
  title: string;
  description: string;
  start_at: string;
  end_at: string;
  venue: string;
  latitude: number | null;
  longitude: number | null;
  checkin_radius_m: number;
  invitees: Invitees;
  status: ActivityStatus;
  version: number;
  cancel_reason: string;
  published_at: string | null;
  cancelled_at: string | null;
}

export interface ActivityNotice {
  id: number;
  kind: string;
  channel: string;
  status: string;
  last_error: string;
  sent_at: string | null;
  delivered_at: string | null;
}

export interface InviteeStatus {
  deputy_id: number;
  name: string;
  rsvp: Rsvp;
  rsvp_reason: string;
  checked_in_at: string | null;
  checkin_method: 'code' | 'manual' | null;
  checkin_note: string | null;
  distance_m: number | null;
  notices: ActivityNotice[];
  employer: {
    /** Whom to phone: the employer's name, contact and whole number (staff in scope). */
    name: string;
    contact_name: string;
    contact_phone: string;
    contact_phone_kind: 'mobile' | 'landline' | '';
    /** No notice reached the employer (a landline, a failed or skipped SMS): staff phone them. */
    to_phone: boolean;
    notified: boolean;
    delivered: boolean;
    opened_at: string | null;
    acknowledged_at: string | null;
    notices: ActivityNotice[];
  } | null;
}

export interface ActivityDetail extends AdminActivity {
  counts: { invited: number; attend: number; leave: number; no_answer: number; checked_in: number };
  invitee_status: InviteeStatus[];
}

export interface CheckinCode {
  code: string;
  expires_at: string;
  png: string;
}

export interface Audience {
  deputies: number;
  employers: number;
}

export interface CompliancePeriod {
  period: string;
  from: string;
  to: string;
  required: number;
  held: number;
  scheduled: number;
  met: boolean;
  ended: boolean;
}

export interface Compliance {
  station_id: number;
  station_name: string;
  year: number;
  periods_ended?: number;
  periods_ended_met?: number;
  rules: { kind: string; kind_name: string; period: string; at_least: number; periods: CompliancePeriod[] }[];
}

/** A browser's request to sign in to the console, waiting for a staff member's approval. */
export interface ConsoleLogin {
  /** 22 characters of base64url. */
  id: string;
  status: 'pending' | 'approved' | 'expired';
  created_at: string;
  expires_at: string;
  client_ip: string;
  /** "Chrome 131 · Windows" */
  browser: string;
}
