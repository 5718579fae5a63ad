// Stations: the public card, finding one, its schedule and its published answers.
import { request } from '../services/request';
import { Activity, Answer, Page, Station } from './types';

export function getStation(id: number): Promise<Station> {
  return request<Station>({ path: `/api/v1/stations/${id}`, auth: false });
}

export function nearStations(latitude: number, longitude: number): Promise<Page<Station>> {
  return request<Page<Station>>({
    path: '/api/v1/stations',
    query: { near: `${latitude.toFixed(6)},${longitude.toFixed(6)}` },
    auth: false,
  });
}

export function searchStations(q: string): Promise<Page<Station>> {
  return request<Page<Station>>({ path: '/api/v1/stations', query: { q }, auth: false });
}

export function getSchedule(id: number): Promise<Page<Activity>> {
  return request<Page<Activity>>({ path: `/api/v1/stations/${id}/schedule`, auth: false });
}

export function getAnswers(id: number, cursor = '', limit = 10): Promise<Page<Answer>> {
  return request<Page<Answer>>({ path: `/api/v1/stations/${id}/answers`, query: { limit, cursor }, auth: false });
}
