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

export interface Meta {
  subscribe_templates: Record<string, string>;
  categories: CodeName[];
  activity_kinds: CodeName[];
}
