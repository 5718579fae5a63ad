// The backend's API as TypeScript types, generated from its OpenAPI document
// (server/api/openapi.yaml, server/api/openapi/activities.yaml, server/api/openapi/audit.yaml, server/api/openapi/consultations.yaml, server/api/openapi/deputies.yaml, server/api/openapi/messages.yaml, merged as the server merges them).
// Do not edit: change the document and run `npm run gen:types`; `npm run ci` fails when this
// file differs from a fresh generation. src/api/types.ts names the schemas the pages use.

export interface paths {
  '/healthz': {
    /** Liveness */
    get: {
      parameters: Record<string, never>;
      requestBody: never;
      responses: {
        200: {
          status: string;
        };
      };
    };
  };
  '/readyz': {
    /** Readiness; 503 while MySQL or Redis is unreachable */
    get: {
      parameters: Record<string, never>;
      requestBody: never;
      responses: {
        200: {
          status: string;
          checks: {
            [key: string]: string;
          };
          warnings: string[];
        };
        503: {
          error: {
            code: string;
            message: string;
            request_id?: string;
          };
          checks: {
            [key: string]: string;
          };
        };
      };
    };
  };
  '/metrics': {
    /** Prometheus metrics */
    get: {
      parameters: Record<string, never>;
      requestBody: never;
      responses: {
        200: never;
      };
    };
  };
  '/api/v1/openapi.yaml': {
    /** This document */
    get: {
      parameters: Record<string, never>;
      requestBody: never;
      responses: {
        200: never;
      };
    };
  };
  '/api/v1/meta': {
    /** What a client needs to configure itself */
    get: {
      parameters: Record<string, never>;
      requestBody: never;
      responses: {
        200: {
          subscribe_templates: {
            message_reply: string;
            message_followup: string;
            /** the message was accepted; WeChat only */
            message_accepted: string;
            activity_notice: string;
            activity_reminder: string;
            activity_changed: string;
            /** overdue messages and unmet station rules, for staff and deputies */
            staff_reminder: string;
            /** the office's answer to a person's opinions on a draft regulation (立法征询) */
            opinion_outcome: string;
          };
          categories: components['schemas']['CodeName'][];
          activity_kinds: components['schemas']['CodeName'][];
          /** what the operator should fix, in Chinese (e.g. next year's holiday calendar missing, from December) */
          warnings: string[];
          /** when a deputy may check in: from opens_before_minutes before an activity's start until its end (checkin_opens_before of configs/activities.yaml) */
          checkin_window: {
            opens_before_minutes: number;
          };
          /** the photos of a message (configs/messages.yaml): at most max_count (max_images), each at most max_bytes (upload_max_bytes) */
          photos: {
            max_count: number;
            max_bytes: number;
          };
          /** lengths in characters that the server's validation applies: a message's content and name, and a handling step's reply, reason (reject), promise and note, a rating's or follow-up's comment */
          text_limits: {
            content_min: number;
            content_max: number;
            name_max: number;
            reply_max: number;
            reason_max: number;
            promise_max: number;
            note_max: number;
            comment_max: number;
          };
          /** the operating unit (运营单位) and its contacts, from the operator block of the configuration; the mini program shows them on its privacy page. In development the shipped placeholders: a name saying it is not set, the rest empty */
          operator: {
            /** the unit's full name */
            name: string;
            /** the number citizens call, as dialled (〈电话〉) */
            phone: string;
            /** a mailbox; may be empty */
            email: string;
            /** who answers about personal information, and how to reach them */
            privacy_contact: string;
          };
        };
      };
    };
  };
  '/api/v1/auth/wechat': {
    /** Exchange a wx.login code for a token (code2session) */
    post: {
      parameters: Record<string, never>;
      requestBody: components['schemas']['Code'];
      responses: {
        200: components['schemas']['SignedIn'];
        400: components['responses']['Invalid'];
        429: components['responses']['TooMany'];
        503: components['responses']['Unavailable'];
      };
    };
  };
  '/api/v1/auth/dev': {
    /** Development sign-in by openid (only with dev_login; 404 otherwise) */
    post: {
      parameters: Record<string, never>;
      requestBody: {
        openid: string;
      };
      responses: {
        200: components['schemas']['SignedIn'];
        400: components['responses']['Invalid'];
        404: components['responses']['NotFound'];
      };
    };
  };
  '/api/v1/auth/logout': {
    /** Revoke the caller's token */
    post: {
      parameters: Record<string, never>;
      requestBody: never;
      responses: {
        204: never;
        401: components['responses']['Unauthorized'];
      };
    };
  };
  '/api/v1/auth/phone': {
    /** Bind the caller to the deputy whose phone a getPhoneNumber code gives */
    post: {
      parameters: Record<string, never>;
      requestBody: components['schemas']['Code'];
      responses: {
        200: components['schemas']['Me'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/api/v1/auth/redeem': {
    /** Take a one-time invite */
    post: {
      parameters: Record<string, never>;
      requestBody: {
        invite_code: string;
      };
      responses: {
        200: components['schemas']['Me'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/api/v1/me': {
    /** The caller, their roles and the deputy they are */
    get: {
      parameters: Record<string, never>;
      requestBody: never;
      responses: {
        200: components['schemas']['Me'];
        401: components['responses']['Unauthorized'];
      };
    };
  };
  '/api/v1/admin/users': {
    /** Users who hold a role, newest first (admin) */
    get: {
      parameters: {
        query: {
          limit?: number;
          cursor?: string;
          role?: 'admin' | 'staff' | 'deputy';
          station_id?: number;
          area_code?: string;
        };
      };
      requestBody: never;
      responses: {
        200: {
          items: {
            id: number;
            deputy_id: number | null;
            created_at: string;
            last_login_at: string;
            roles: components['schemas']['Grant'][];
          }[];
          next_cursor: string;
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
  };
  '/api/v1/admin/users/{id}/revoke': {
    /** Take every role from a user (the deputy binding too) and end all their sessions at once (admin) */
    post: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: {
          user_id: number;
          roles: number;
          sessions: number;
          /** the invites the user made and no one redeemed, now cancelled */
          invites: number;
        };
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/api/v1/console-logins/{id}': {
    /** A console sign-in request, for the staff member who scanned its code (staff, admin) */
    get: {
      parameters: {
        path: {
          id: string;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['ConsoleLogin'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
  };
  '/api/v1/console-logins/{id}/approve': {
    /** Approve a console sign-in (staff, admin); the browser that asked is signed in as the caller */
    post: {
      parameters: {
        path: {
          id: string;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['ConsoleLogin'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/api/v1/admin/invites': {
    /** Make a one-time invite (admin; staff within their scope, never an admin) */
    post: {
      parameters: Record<string, never>;
      requestBody: {
        role: 'admin' | 'staff' | 'deputy';
        area_code?: string;
        station_ids?: number[];
        deputy_id?: number;
      };
      responses: {
        201: {
          invite_code: string;
          expires_at: string;
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
    /** Invites not yet redeemed, cancelled or expired, newest first (admin) */
    get: {
      parameters: {
        query: {
          limit?: number;
          cursor?: string;
        };
      };
      requestBody: never;
      responses: {
        200: {
          items: {
            id: number;
            role: 'admin' | 'staff' | 'deputy';
            /** what the invite grants beside its role */
            scope: {
              area_code: string;
              station_ids: number[];
              deputy_id: number;
            };
            /** the user who made it; null: the operator's command line */
            created_by: number | null;
            created_at: string;
            expires_at: string;
          }[];
          next_cursor: string;
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
  };
  '/api/v1/admin/invites/{id}': {
    /** Cancel an invite no one has redeemed (admin) */
    delete: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        204: never;
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/api/v1/areas': {
    /** Children of an area (the top level without parent), for the cascading pickers */
    get: {
      parameters: {
        query: {
          parent?: string;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['AreaList'];
        400: components['responses']['Invalid'];
        404: components['responses']['NotFound'];
      };
    };
  };
  '/api/v1/stations': {
    /** Active stations nearest to a point, nearest first (within 1 000 km), or found by name */
    get: {
      parameters: {
        query: {
          near?: string;
          q?: string;
          limit?: number;
        };
      };
      requestBody: never;
      responses: {
        200: {
          items: components['schemas']['NearbyStation'][];
          /** always empty */
          next_cursor: string;
        };
        400: components['responses']['Invalid'];
      };
    };
  };
  '/api/v1/stations/{id}': {
    /** Public card of an active station (no phone numbers) */
    get: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['StationCard'];
        404: components['responses']['NotFound'];
      };
    };
  };
  '/api/v1/admin/stations': {
    /** Create a station (admin; staff in an area they cover, else 403) */
    post: {
      parameters: Record<string, never>;
      requestBody: components['schemas']['StationInput'];
      responses: {
        201: components['schemas']['Station'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
    /** Stations in the caller's scope */
    get: {
      parameters: {
        query: {
          limit?: number;
          cursor?: string;
          area_code?: string;
          q?: string;
        };
      };
      requestBody: never;
      responses: {
        200: {
          items: components['schemas']['Station'][];
          next_cursor: string;
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
  };
  '/api/v1/admin/stations/{id}': {
    /** A station in the caller's scope */
    get: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['Station'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
    /** Change the given fields of a station in scope (moving it needs the new area covered) */
    patch: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: components['schemas']['StationInput'];
      responses: {
        200: components['schemas']['Station'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
    /** The same partial update as PATCH (for clients without PATCH, such as wx.request) */
    put: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: components['schemas']['StationInput'];
      responses: {
        200: components['schemas']['Station'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
  };
  '/api/v1/admin/stations/{id}/qrcode': {
    /** The station's mini program code (wxacode.getUnlimited, scene s=<id>), fetched once then cached */
    get: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: string;
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        503: components['responses']['Unavailable'];
      };
    };
  };
  '/api/v1/admin/stations/{id}/convenor': {
    /** Make a member deputy the station's convenor (召集人); not a member is 409 deputy_not_member */
    put: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: {
        deputy_id: number;
      };
      responses: {
        200: components['schemas']['Station'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
    /** Leave the station without a convenor */
    delete: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['Station'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
  };
  '/api/v1/admin/deputies': {
    /** Register a deputy (staff name ≥ 1 station, all in scope; admins may name none) */
    post: {
      parameters: Record<string, never>;
      requestBody: components['schemas']['DeputyInput'];
      responses: {
        201: components['schemas']['Deputy'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        409: components['responses']['Conflict'];
      };
    };
    /** Deputies of the stations in the caller's scope */
    get: {
      parameters: {
        query: {
          limit?: number;
          cursor?: string;
          station_id?: number;
          q?: string;
        };
      };
      requestBody: never;
      responses: {
        200: {
          items: components['schemas']['Deputy'][];
          next_cursor: string;
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
  };
  '/api/v1/admin/deputies/import': {
    /** Import deputies from .xlsx (admin; staff for stations they cover), row by row */
    post: {
      parameters: Record<string, never>;
      requestBody: unknown;
      responses: {
        200: components['schemas']['ImportResult'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        413: components['responses']['TooLarge'];
      };
    };
  };
  '/api/v1/admin/deputies/import/template': {
    /** The empty import sheet to fill in (staff), with a second sheet explaining each column */
    get: {
      parameters: Record<string, never>;
      requestBody: never;
      responses: {
        200: string;
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
  };
  '/api/v1/admin/deputies/{id}': {
    /** A deputy of a station in the caller's scope */
    get: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['Deputy'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
    /** Change the given fields; station_ids replaces the stations (staff add or remove only stations they cover) */
    patch: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: components['schemas']['DeputyInput'];
      responses: {
        200: components['schemas']['Deputy'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
    /** The same partial update as PATCH (for clients without PATCH, such as wx.request) */
    put: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: components['schemas']['DeputyInput'];
      responses: {
        200: components['schemas']['Deputy'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/api/v1/admin/groups': {
    /** Create a deputy group (代表小组) in an area the caller covers */
    post: {
      parameters: Record<string, never>;
      requestBody: components['schemas']['GroupInput'];
      responses: {
        201: components['schemas']['Group'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
    /** Groups whose area the caller covers */
    get: {
      parameters: {
        query: {
          limit?: number;
          cursor?: string;
          area_code?: string;
          kind?: 'area' | 'profession';
        };
      };
      requestBody: never;
      responses: {
        200: {
          items: components['schemas']['Group'][];
          next_cursor: string;
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
  };
  '/api/v1/admin/groups/{id}': {
    /** A group whose area the caller covers */
    get: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['Group'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
    /** Change the given fields; deputy_ids replaces the members, convenor_deputy_id 0 clears it */
    patch: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: components['schemas']['GroupInput'];
      responses: {
        200: components['schemas']['Group'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
    /** The same partial update as PATCH (for clients without PATCH, such as wx.request) */
    put: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: components['schemas']['GroupInput'];
      responses: {
        200: components['schemas']['Group'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
  };
  '/api/v1/admin/units': {
    /** Create a handling unit (admin); the same name twice in one area is 409 unit_exists */
    post: {
      parameters: Record<string, never>;
      requestBody: components['schemas']['UnitInput'];
      responses: {
        201: components['schemas']['Unit'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        409: components['responses']['Conflict'];
      };
    };
    /** Handling units (any staff; phone whole only where the caller's scope covers the unit's area) */
    get: {
      parameters: {
        query: {
          limit?: number;
          cursor?: string;
          area_code?: string;
          q?: string;
        };
      };
      requestBody: never;
      responses: {
        200: {
          items: components['schemas']['Unit'][];
          next_cursor: string;
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
  };
  '/api/v1/me/subscriptions': {
    /** Record what wx.requestSubscribeMessage granted (one send per one-time grant) */
    post: {
      parameters: Record<string, never>;
      requestBody: {
        accepted: string[];
      };
      responses: {
        200: {
          grants: {
            [key: string]: number;
          };
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
      };
    };
  };
  '/api/v1/admin/notifications': {
    /** Notices about a subject, in the caller's scope, newest first */
    get: {
      parameters: {
        query: {
          subject?: string;
          limit?: number;
          cursor?: string;
        };
      };
      requestBody: never;
      responses: {
        200: {
          items: components['schemas']['Notification'][];
          next_cursor: string;
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
  };
  '/api/v1/admin/notifications/{id}/resend': {
    /** Try a failed or unknown notice again (an unknown one may have arrived) */
    post: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['Notification'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/webhooks/sms/tencent/{secret}': {
    /** Tencent SMS delivery receipts (unsigned; the path is the secret, LIAISON_SMS_RECEIPT_SECRET) */
    post: {
      parameters: {
        path: {
          secret: string;
        };
      };
      requestBody: Record<string, unknown>[];
      responses: {
        200: {
          result: number;
          errmsg: string;
        };
        404: components['responses']['NotFound'];
      };
    };
  };
  '/admin/queues': {
    /** asynqmon, for admins (Bearer token, or ?token= once, kept in an HttpOnly cookie) */
    get: {
      parameters: Record<string, never>;
      requestBody: never;
      responses: {
        200: never;
        303: never;
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
    /** asynqmon, for admins (Bearer token, or ?token= once, kept in an HttpOnly cookie) */
    post: {
      parameters: Record<string, never>;
      requestBody: never;
      responses: {
        200: never;
        303: never;
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
    /** asynqmon, for admins (Bearer token, or ?token= once, kept in an HttpOnly cookie) */
    delete: {
      parameters: Record<string, never>;
      requestBody: never;
      responses: {
        200: never;
        303: never;
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
  };
  '/admin/queues/{path}': {
    /** asynqmon, for admins (Bearer token, or ?token= once, kept in an HttpOnly cookie) */
    get: {
      parameters: {
        path: {
          path: string;
        };
      };
      requestBody: never;
      responses: {
        200: never;
        303: never;
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
    /** asynqmon, for admins (Bearer token, or ?token= once, kept in an HttpOnly cookie) */
    post: {
      parameters: {
        path: {
          path: string;
        };
      };
      requestBody: never;
      responses: {
        200: never;
        303: never;
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
    /** asynqmon, for admins (Bearer token, or ?token= once, kept in an HttpOnly cookie) */
    delete: {
      parameters: {
        path: {
          path: string;
        };
      };
      requestBody: never;
      responses: {
        200: never;
        303: never;
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
  };
  '/api/v1/admin/activities': {
    /** Save a draft activity (staff in scope) */
    post: {
      parameters: Record<string, never>;
      requestBody: components['schemas']['ActivityInput'];
      responses: {
        201: components['schemas']['Activity'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
    /** Activities of the stations in the caller's scope, newest first (staff) */
    get: {
      parameters: {
        query: {
          limit?: number;
          cursor?: string;
          station_id?: number;
          status?: 'draft' | 'published' | 'finished' | 'cancelled';
          from?: string;
          to?: string;
        };
      };
      requestBody: never;
      responses: {
        200: {
          items: components['schemas']['Activity'][];
          next_cursor: string;
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
  };
  '/api/v1/admin/activities/{id}/audience': {
    /** Whom a publish, change or cancel would tell (for the confirmation before it) */
    get: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: {
          deputies: number;
          employers: number;
        };
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
  };
  '/api/v1/admin/activities/{id}': {
    /** Detail with invitees (RSVP, check-in, notices to them and their employers) and counts */
    get: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['ActivityDetail'];
        401: components['responses']['Unauthorized'];
        404: components['responses']['NotFound'];
      };
    };
    /** Change a draft, or the time and venue of a published activity (a real change bumps the version and sends change notices) */
    patch: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: components['schemas']['ActivityInput'];
      responses: {
        200: components['schemas']['Activity'];
        400: components['responses']['Invalid'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
    /** The same partial update as PATCH (for clients without PATCH, such as wx.request) */
    put: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: components['schemas']['ActivityInput'];
      responses: {
        200: components['schemas']['Activity'];
        400: components['responses']['Invalid'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/api/v1/admin/activities/{id}/publish': {
    /** Publish; resolves the invitees and notifies them and their employers (again changes nothing) */
    post: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['Activity'];
        400: components['responses']['Invalid'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/api/v1/admin/activities/{id}/cancel': {
    /** Cancel with a reason; a published activity sends cancel notices */
    post: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: {
        reason: string;
      };
      responses: {
        200: components['schemas']['Activity'];
        400: components['responses']['Invalid'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/api/v1/admin/activities/{id}/checkin-code': {
    /** The rotating check-in code to show at the venue (HMAC of the activity's secret and the 30 s slot) and its QR */
    get: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: {
          /** six digits, shown under the QR for a deputy to type */
          code: string;
          /** the venue link the QR holds: <public_base_url>/c/<id>/<code> */
          url: string;
          expires_at: string;
          /** base64 PNG of a QR holding url */
          png: string;
        };
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/api/v1/admin/activities/{id}/attendance': {
    /** Check an invited deputy in by hand (recorded as manual, with the note); again answers the first record */
    post: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: {
        deputy_id: number;
        note?: string;
      };
      responses: {
        200: components['schemas']['Checkin'];
        400: components['responses']['Invalid'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/api/v1/stations/{id}/schedule': {
    /** Upcoming public activities of an active station, reception days first, then by start */
    get: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: {
          items: components['schemas']['UpcomingActivity'][];
          /** always empty */
          next_cursor: string;
        };
        404: components['responses']['NotFound'];
      };
    };
  };
  '/api/v1/me/activities': {
    /** The calling deputy's invitations, newest first */
    get: {
      parameters: {
        query: {
          limit?: number;
          cursor?: string;
        };
      };
      requestBody: never;
      responses: {
        200: {
          items: components['schemas']['MyActivity'][];
          next_cursor: string;
        };
        403: components['responses']['Forbidden'];
      };
    };
  };
  '/api/v1/activities/{id}/rsvp': {
    /** Attend, or ask for leave with a reason; changeable until the start */
    post: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: {
        answer: 'attend' | 'leave';
        reason?: string;
      };
      responses: {
        200: components['schemas']['MyActivity'];
        400: components['responses']['Invalid'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/api/v1/activities/{id}/checkin': {
    /** Check in with the scanned or typed code and the phone's position; a second check-in answers the first */
    post: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: {
        code: string;
        latitude: number;
        longitude: number;
      };
      responses: {
        200: components['schemas']['Checkin'];
        400: components['responses']['Invalid'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        429: components['responses']['TooMany'];
      };
    };
  };
  '/api/v1/admin/deputies/{id}/record': {
    /** A deputy's performance file (履职档案) for a year; Excel with ?format=xlsx or the Accept header */
    get: {
      parameters: {
        path: {
          id: number;
        };
        query: {
          year?: number;
          format?: 'xlsx';
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['Record'];
        404: components['responses']['NotFound'];
      };
    };
  };
  '/api/v1/me/record': {
    /** The calling deputy's own performance file */
    get: {
      parameters: {
        query: {
          year?: number;
          format?: 'xlsx';
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['Record'];
        403: components['responses']['Forbidden'];
      };
    };
  };
  '/api/v1/admin/records': {
    /** Performance files of every deputy of a station or of an area, one per deputy (Excel for the annual review) */
    get: {
      parameters: {
        query: {
          station_id?: number;
          area_code?: string;
          year?: number;
          format?: 'xlsx';
        };
      };
      requestBody: never;
      responses: {
        200: {
          items: components['schemas']['Record'][];
          next_cursor: string;
        };
        400: components['responses']['Invalid'];
      };
    };
  };
  '/api/v1/admin/stations/{id}/compliance': {
    /** A station's compliance with the rules of item 4 (configs/activities.yaml), per rule and period */
    get: {
      parameters: {
        path: {
          id: number;
        };
        query: {
          year?: number;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['Compliance'];
        404: components['responses']['NotFound'];
      };
    };
  };
  '/api/v1/admin/compliance': {
    /** The compliance of the stations under an area, a page of stations at a time */
    get: {
      parameters: {
        query: {
          area_code: string;
          year?: number;
          limit?: number;
          cursor?: string;
        };
      };
      requestBody: never;
      responses: {
        200: {
          items: components['schemas']['Compliance'][];
          next_cursor: string;
        };
        400: components['responses']['Invalid'];
      };
    };
  };
  '/c/{activity}/{code}': {
    /** The venue link opened outside WeChat (HTML, no login): says to scan with WeChat's 扫一扫, and shows the code to type */
    get: {
      parameters: {
        path: {
          activity: number;
          code: string;
        };
      };
      requestBody: never;
      responses: {
        200: string;
        404: never;
      };
    };
  };
  '/n': {
    /** The employer's notice by its notice code (HTML, no login): the SMS's constant link; without a code, a form asking for it */
    get: {
      parameters: {
        query: {
          code?: string;
        };
      };
      requestBody: never;
      responses: {
        200: string;
        404: never;
        429: never;
      };
    };
    /** The employer acknowledges the notice of a code (form post, field code); redirects to GET /n?code= */
    post: {
      parameters: Record<string, never>;
      requestBody: unknown;
      responses: {
        303: never;
        404: never;
        429: never;
      };
    };
  };
  '/n/{token}': {
    /** The employer's attendance-guarantee notice (HTML, no login); records the first opening */
    get: {
      parameters: {
        path: {
          token: string;
        };
      };
      requestBody: never;
      responses: {
        200: string;
        404: never;
      };
    };
  };
  '/n/{token}/ack': {
    /** The employer acknowledges the notice (form post); redirects to the page, which then shows it acknowledged */
    post: {
      parameters: {
        path: {
          token: string;
        };
      };
      requestBody: never;
      responses: {
        303: never;
        404: never;
      };
    };
  };
  '/api/v1/admin/audit': {
    /** The audit log, newest first (admin) */
    get: {
      parameters: {
        query: {
          limit?: number;
          cursor?: string;
          actor?: number;
          action?: string;
          subject?: string;
          from?: string;
          to?: string;
        };
      };
      requestBody: never;
      responses: {
        200: {
          items: components['schemas']['AuditEntry'][];
          next_cursor: string;
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
  };
  '/api/v1/admin/audit/export': {
    /** The rows of the same filter as an .xlsx workbook, newest first (admin; at most 100 000 rows) */
    get: {
      parameters: {
        query: {
          actor?: number;
          action?: string;
          subject?: string;
          from?: string;
          to?: string;
        };
      };
      requestBody: never;
      responses: {
        200: string;
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
  };
  '/api/v1/consultations': {
    /** The consultations open now that reach a station (anyone), the one closing soonest first */
    get: {
      parameters: {
        query: {
          station_id: number;
        };
      };
      requestBody: never;
      responses: {
        200: {
          items: components['schemas']['ConsultationBrief'][];
        };
        400: components['responses']['Invalid'];
        404: components['responses']['NotFound'];
      };
    };
  };
  '/api/v1/consultations/{id}': {
    /** A published consultation by article, each with its count of opinions (anyone; a draft is 404) */
    get: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['PublicConsultation'];
        404: components['responses']['NotFound'];
      };
    };
  };
  '/api/v1/consultations/{id}/opinions': {
    /** Leave an opinion on an article, or on the whole draft (article_id null) */
    post: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: components['schemas']['OpinionInput'];
      responses: {
        201: components['schemas']['OpinionCreated'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
        429: components['responses']['TooMany'];
      };
    };
  };
  '/api/v1/admin/consultations': {
    /** A new draft, split into articles (region or city staff) */
    post: {
      parameters: Record<string, never>;
      requestBody: components['schemas']['ConsultationInput'];
      responses: {
        201: components['schemas']['Consultation'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
    /** The consultations the caller runs (their area's and below), newest first */
    get: {
      parameters: {
        query: {
          status?: 'draft' | 'open' | 'closed' | 'reviewed';
          limit?: number;
          cursor?: string;
        };
      };
      requestBody: never;
      responses: {
        200: {
          items: components['schemas']['ConsultationSummary'][];
          next_cursor?: string;
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
  };
  '/api/v1/admin/consultations/{id}': {
    /** A consultation the caller runs, with its split and counts (others 404) */
    get: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['Consultation'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
    /** Change a draft (split again); once open only closes_at (409 consultation_not_draft otherwise) */
    patch: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: components['schemas']['ConsultationInput'];
      responses: {
        200: components['schemas']['Consultation'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/api/v1/admin/consultations/{id}/publish': {
    /** Publish a draft (draft → open); its articles are frozen */
    post: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['Consultation'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/api/v1/admin/consultations/{id}/close': {
    /** End an open consultation (open → closed); opinions are refused from then on */
    post: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['Consultation'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/api/v1/admin/consultations/{id}/opinions': {
    /** The opinions with their source and review, newest first (the consultation's staff) */
    get: {
      parameters: {
        path: {
          id: number;
        };
        query: {
          article_id?: number;
          whole_draft?: boolean;
          limit?: number;
          cursor?: string;
        };
      };
      requestBody: never;
      responses: {
        200: {
          items: components['schemas']['Opinion'][];
          next_cursor?: string;
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
    /** Staff of a station it reaches record an opinion from a meeting (activity_id) or a visitor */
    post: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: components['schemas']['OpinionInput'];
      responses: {
        201: components['schemas']['OpinionCreated'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/api/v1/admin/consultations/{id}/opinions/{oid}/review': {
    /** Answer an opinion (the consultation's staff, while it is closed) */
    post: {
      parameters: {
        path: {
          id: number;
          oid: number;
        };
      };
      requestBody: components['schemas']['ReviewInput'];
      responses: {
        200: components['schemas']['Opinion'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/api/v1/admin/consultations/{id}/reviews': {
    /** Answer several opinions together with one outcome and reason (合并答复) */
    post: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: components['schemas']['ReviewInput'] & {
        opinion_ids: number[];
      };
      responses: {
        200: {
          items: components['schemas']['Opinion'][];
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/api/v1/admin/consultations/{id}/finish-review': {
    /** Finish the review (closed → reviewed) and tell each person once */
    post: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['Consultation'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/api/v1/admin/consultations/{id}/export': {
    /** The opinions as an .xlsx (意见汇总表) for the legislative committee (the consultation's staff) */
    get: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: string;
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/api/v1/admin/consultations/{id}/stats': {
    /** The tables per station and per county with the adoption rate; the opinions each station passes on */
    get: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['ConsultationStats'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
  };
  '/api/v1/me/opinions': {
    /** My opinions on draft regulations, newest first, with the outcome once the review is finished */
    get: {
      parameters: {
        query: {
          limit?: number;
          cursor?: string;
        };
      };
      requestBody: never;
      responses: {
        200: {
          items: components['schemas']['MyOpinion'][];
          next_cursor?: string;
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
      };
    };
  };
  '/api/v1/admin/deputies/{id}/qrcode': {
    /** The deputy's mini program code (wxacode.getUnlimited, scene d=<id>, page pages/deputy/index), fetched once then cached */
    get: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: string;
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        503: components['responses']['Unavailable'];
      };
    };
  };
  '/api/v1/deputies/{id}': {
    /** Public card of a deputy, opened from their code (no phone, no employer) */
    get: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['DeputyCard'];
        404: components['responses']['NotFound'];
      };
    };
  };
  '/api/v1/deputies/{id}/messages': {
    /** Write to a deputy (代表码) — a message of one of the deputy's stations with the deputy as its addressee */
    post: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: components['schemas']['DeputyMessageInput'];
      responses: {
        201: components['schemas']['MessageCreated'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
        429: components['responses']['TooMany'];
      };
    };
  };
  '/api/v1/uploads': {
    /** Upload a photo for a message (JPEG/PNG/WebP by content, ≤ 5 MB; re-encoded without EXIF/GPS) */
    post: {
      parameters: Record<string, never>;
      requestBody: unknown;
      responses: {
        201: components['schemas']['MessageImage'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        413: components['responses']['TooLarge'];
        503: components['schemas']['Error'];
      };
    };
  };
  '/api/v1/uploads/{id}': {
    /** A photo, for its uploader and whoever may see its message (others 404) */
    get: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: string;
        401: components['responses']['Unauthorized'];
        404: components['responses']['NotFound'];
      };
    };
  };
  '/api/v1/stations/{id}/messages': {
    /** Leave a message at an active station (rate limited per user and IP; WeChat content security) */
    post: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: components['schemas']['MessageInput'];
      responses: {
        201: components['schemas']['MessageCreated'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        404: components['responses']['NotFound'];
        429: components['responses']['TooMany'];
      };
    };
  };
  '/api/v1/me/messages': {
    /** The caller's own messages, newest first */
    get: {
      parameters: {
        query: {
          limit?: number;
          cursor?: string;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['MessageList'];
        401: components['responses']['Unauthorized'];
      };
    };
  };
  '/api/v1/me/inbox': {
    /** The deputy's inbox — messages written to the deputy (代表码) or assigned to them, newest first */
    get: {
      parameters: {
        query: {
          limit?: number;
          cursor?: string;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['MessageList'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
  };
  '/api/v1/messages/{id}': {
    /** A message with its timeline (author, staff in scope, assigned deputy; others 404) */
    get: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['Message'];
        401: components['responses']['Unauthorized'];
        404: components['responses']['NotFound'];
      };
    };
  };
  '/api/v1/messages/{id}/rating': {
    /** The author rates the reply (a replied message closes) */
    post: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: {
        rating: 'satisfied' | 'basically_satisfied' | 'unsatisfied';
        comment?: string;
      };
      responses: {
        200: components['schemas']['Message'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/api/v1/messages/{id}/publish': {
    /** The author gives or withdraws consent to show the answered message on the station's page; staff in scope may withdraw it */
    post: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: {
        publish: boolean;
      };
      responses: {
        200: components['schemas']['Message'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
  };
  '/api/v1/stations/{id}/answers': {
    /** Answered messages of an active station whose authors consented to publication, newest first */
    get: {
      parameters: {
        path: {
          id: number;
        };
        query: {
          limit?: number;
          cursor?: string;
        };
      };
      requestBody: never;
      responses: {
        200: {
          items: components['schemas']['PublishedAnswer'][];
          next_cursor: string;
        };
        400: components['responses']['Invalid'];
        404: components['responses']['NotFound'];
      };
    };
  };
  '/api/v1/messages/{id}/followup': {
    /** The author answers the follow-up of a promise (no reopens it for the station) */
    post: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: {
        fulfilled: boolean;
        comment?: string;
      };
      responses: {
        200: components['schemas']['Message'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/api/v1/admin/messages': {
    /** Staff inbox (scope in SQL); with assigned=true a deputy's own assignments */
    get: {
      parameters: {
        query: {
          limit?: number;
          cursor?: string;
          station_id?: number;
          status?: 'submitted' | 'accepted' | 'assigned' | 'transferred' | 'replied' | 'promised' | 'reopened' | 'rejected' | 'closed';
          overdue?: boolean;
          flagged?: boolean;
          promises_due?: boolean;
          code?: string;
          addressee?: number;
          assigned?: boolean;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['MessageList'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
  };
  '/api/v1/admin/messages/export': {
    /** .xlsx of the messages of a period (anonymous names never shown, phones masked) */
    get: {
      parameters: {
        query: {
          station_id?: number;
          area_code?: string;
          from?: string;
          to?: string;
        };
      };
      requestBody: never;
      responses: {
        200: string;
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
  };
  '/api/v1/admin/messages/{id}/transitions': {
    /** Handle a message (staff in scope; reply also the assigned deputy; reply and hand_over the deputy it was written to); not allowed in its state → 409 */
    post: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: components['schemas']['MessageTransition'];
      responses: {
        200: components['schemas']['Message'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
      };
    };
  };
  '/api/v1/admin/stations/{id}/messages': {
    /** Staff enter a walk-in's or caller's message (consent required; the code goes to their phone by SMS) */
    post: {
      parameters: {
        path: {
          id: number;
        };
      };
      requestBody: components['schemas']['MessageInput'];
      responses: {
        201: components['schemas']['MessageCreated'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
  };
  '/api/v1/admin/stats/messages': {
    /** Message statistics of a period (staff; scope applies) */
    get: {
      parameters: {
        query: {
          station_id?: number;
          area_code?: string;
          unit_id?: number;
          from?: string;
          to?: string;
        };
      };
      requestBody: never;
      responses: {
        200: components['schemas']['MessageStats'];
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthorized'];
        403: components['responses']['Forbidden'];
      };
    };
  };
}

export interface components {
  schemas: {
    ConsoleLogin: {
      id: string;
      status: 'pending' | 'approved' | 'expired';
      created_at: string;
      expires_at: string;
      /** the address the browser asked from */
      client_ip: string;
      /** the browser and system in a few words, e.g. Chrome 131 · Windows */
      browser: string;
    };
    Error: {
      error: {
        code: string;
        message: string;
        fields?: {
          [key: string]: string;
        };
        request_id?: string;
      };
    };
    CodeName: {
      code: string;
      name: string;
    };
    Code: {
      code: string;
    };
    SignedIn: {
      token: string;
      expires_at: string;
      user: {
        id: number;
        roles: ('admin' | 'staff' | 'deputy')[];
      };
    };
    Grant: {
      role: 'admin' | 'staff' | 'deputy';
      area_code: string;
      station_ids: number[];
      deputy_id: number;
    };
    Me: {
      id: number;
      roles: components['schemas']['Grant'][];
      deputy: {
        id: number;
        name: string;
        levels: ('national' | 'regional' | 'city' | 'county' | 'township')[];
        grassroots: boolean;
        phone: string;
        station_ids: number[];
      } | null;
    };
    AreaRef: {
      code: string;
      name: string;
    };
    Area: {
      code: string;
      name: string;
      parent_code: string | null;
      level: 'province' | 'city' | 'county' | 'township';
    };
    AreaList: {
      items: components['schemas']['Area'][];
      next_cursor: string;
    };
    /** on create name, kind and area_code are required; on PATCH a field left out is not changed */
    StationInput: {
      name?: string;
      kind?: 'community' | 'professional';
      /** required when kind is professional */
      topic?: string;
      area_code?: string;
      address?: string;
      latitude?: number;
      longitude?: number;
      checkin_radius_m?: number;
      open_hours?: string;
      active?: boolean;
      /** also a grassroots legislative contact point (基层立法联系点) */
      legislative_contact_point?: boolean;
    };
    Station: {
      id: number;
      name: string;
      kind: 'community' | 'professional';
      topic: string;
      area_code: string;
      area: components['schemas']['AreaRef'];
      address: string;
      latitude: number | null;
      longitude: number | null;
      checkin_radius_m: number;
      open_hours: string;
      active: boolean;
      convenor_deputy_id: number | null;
      /** also a grassroots legislative contact point (基层立法联系点) */
      legislative_contact_point: boolean;
      created_at: string;
      updated_at: string;
    };
    StationCard: {
      id: number;
      name: string;
      kind: string;
      topic: string;
      address: string;
      latitude: number | null;
      longitude: number | null;
      open_hours: string;
      area: components['schemas']['AreaRef'];
      deputies: components['schemas']['CardDeputy'][];
      /** also a grassroots legislative contact point (基层立法联系点) */
      legislative_contact_point: boolean;
      /** only with the setting public_station_letters — the messages written to the station's deputies (代表码) this year, and those answered */
      letters: {
        year: number;
        received: number;
        answered: number;
      };
    };
    /** a deputy as the public sees them */
    CardDeputy: {
      id: number;
      name: string;
      levels: ('national' | 'regional' | 'city' | 'county' | 'township')[];
      /** the station's convenor (on a station card) */
      convenor: boolean;
    };
    NearbyStation: {
      id: number;
      name: string;
      kind: string;
      topic: string;
      address: string;
      latitude: number;
      longitude: number;
      open_hours: string;
      area: components['schemas']['AreaRef'];
      /** great-circle distance in metres (only with near) */
      distance_m: number;
    };
    Employer: {
      name?: string;
      contact_name?: string;
      /** a mainland mobile or a landline such as 〈电话〉 */
      contact_phone?: string;
      /** in answers: a landline gets no SMS; its notices are skipped with 座机无法接收短信，请电话通知 and staff phone it */
      contact_phone_kind?: 'mobile' | 'landline';
    };
    /** on create name and phone are required; on PATCH a field left out is not changed */
    DeputyInput: {
      name?: string;
      phone?: string;
      levels?: ('national' | 'regional' | 'city' | 'county' | 'township')[];
      grassroots?: boolean;
      employer?: components['schemas']['Employer'];
      station_ids?: number[];
      /** false: the deputy's term ended (their public card says so, and writing to them is refused); true restores them. PATCH only */
      active?: boolean;
    };
    Deputy: {
      id: number;
      name: string;
      /** whole for staff whose scope covers the deputy */
      phone: string;
      levels: ('national' | 'regional' | 'city' | 'county' | 'township')[];
      grassroots: boolean;
      employer: components['schemas']['Employer'];
      station_ids: number[];
      active: boolean;
      created_at: string;
      updated_at: string;
    };
    ImportResult: {
      rows: {
        /** the sheet's row number (the header is row 1) */
        row: number;
        result: 'created' | 'updated' | 'error';
        /** the reason, in Chinese */
        error: string;
        deputy_id: number;
      }[];
      created: number;
      updated: number;
      errors: number;
    };
    GroupInput: {
      name?: string;
      kind?: 'area' | 'profession';
      /** required when kind is profession */
      topic?: string;
      area_code?: string;
      /** one of deputy_ids; 0 clears it */
      convenor_deputy_id?: number;
      deputy_ids?: number[];
    };
    Group: {
      id: number;
      name: string;
      kind: 'area' | 'profession';
      topic: string;
      area_code: string;
      area: components['schemas']['AreaRef'];
      convenor_deputy_id: number | null;
      deputy_ids: number[];
      created_at: string;
      updated_at: string;
    };
    UnitInput: {
      name: string;
      area_code: string;
      contact_name?: string;
      /** a mainland mobile or a landline */
      contact_phone?: string;
    };
    Unit: {
      id: number;
      name: string;
      area_code: string;
      area: components['schemas']['AreaRef'];
      contact_name: string;
      /** masked unless the caller's scope covers the unit's area */
      contact_phone: string;
      created_at: string;
      updated_at: string;
    };
    Notification: {
      id: number;
      kind: string;
      channel: 'wechat' | 'sms' | 'log';
      recipient: {
        type: 'user' | 'deputy' | 'employer' | 'phone';
        id: number;
        phone: string;
      };
      subject: string;
      status: 'pending' | 'sending' | 'sent' | 'delivered' | 'failed' | 'unknown' | 'skipped';
      attempts: number;
      last_error: string;
      not_before: string;
      sent_at: string | null;
      delivered_at: string | null;
      acknowledged_at: string | null;
      created_at: string;
    };
    Invitees: {
      deputy_ids?: number[];
      /** everyone of this station */
      station_id?: number;
      /** everyone of this deputy group */
      group_id?: number;
    };
    UpcomingActivity: {
      id: number;
      kind: string;
      kind_name: string;
      title: string;
      start_at: string;
      end_at: string;
      venue: string;
      latitude: number | null;
      longitude: number | null;
      deputies: components['schemas']['CardDeputy'][];
    };
    ActivityInput: {
      station_id?: number;
      group_id?: number;
      /** a code of GET /api/v1/meta activity_kinds */
      kind?: string;
      title?: string;
      description?: string;
      start_at?: string;
      end_at?: string;
      venue?: string;
      latitude?: number;
      longitude?: number;
      /** default the station's */
      checkin_radius_m?: number;
      invitees?: components['schemas']['Invitees'];
      /** kind legislative_consultation (立法征询座谈会): the consultation the meeting is about, consulted at the station (required then, refused for other kinds; 0 clears it) */
      consultation_id?: number;
    };
    Activity: {
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
      invitees: components['schemas']['Invitees'];
      /** the consultation a legislative_consultation meeting is about; null for other kinds */
      consultation_id: number | null;
      status: 'draft' | 'published' | 'cancelled' | 'finished';
      version: number;
      cancel_reason: string;
      published_at: string | null;
      cancelled_at: string | null;
      created_at: string;
      updated_at: string;
    };
    ActivityNotice: {
      id: number;
      kind: string;
      channel: string;
      status: string;
      last_error: string;
      sent_at: string | null;
      delivered_at: string | null;
    };
    ActivityDetail: components['schemas']['Activity'] & {
      counts: {
        invited: number;
        attend: number;
        leave: number;
        no_answer: number;
        checked_in: number;
      };
      invitee_status: {
        deputy_id: number;
        name: string;
        rsvp: '' | 'attend' | 'leave';
        rsvp_reason: string;
        checked_in_at: string | null;
        checkin_method: 'code' | 'manual' | null;
        checkin_note: string | null;
        distance_m: number | null;
        notices: components['schemas']['ActivityNotice'][];
        employer: {
          name: string;
          contact_name: string;
          /** whole (staff in scope) */
          contact_phone: string;
          contact_phone_kind: 'mobile' | 'landline';
          /** no notice reached the employer (a landline, a failed or skipped SMS): staff phone them */
          to_phone: boolean;
          notified: boolean;
          delivered: boolean;
          opened_at: string | null;
          acknowledged_at: string | null;
          notices: components['schemas']['ActivityNotice'][];
        } | null;
      }[];
    };
    MyActivity: {
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
      rsvp: string;
      rsvp_reason: string;
      checked_in_at: string | null;
    };
    Checkin: {
      activity_id: number;
      deputy_id: number;
      method: 'code' | 'manual';
      distance_m: number | null;
      note: string;
      checked_in_at: string;
    };
    KindCount: {
      kind: string;
      kind_name: string;
      invited: number;
      attended: number;
      on_leave: number;
      absent: number;
    };
    Record: {
      deputy_id: number;
      name: string;
      year: number;
      kinds: components['schemas']['KindCount'][];
      total: components['schemas']['KindCount'];
      messages_assigned: number;
      messages_replied: number;
      /** messages citizens wrote to the deputy (代表码) in the year */
      messages_received: number;
      /** of messages_received, those replied */
      messages_answered: number;
      /** median hours from such a message to its first reply, one decimal; null when none was replied */
      messages_median_reply_hours: number | null;
      /** opinions on draft regulations (立法征询) the deputy gave in the year, signed in as the deputy */
      legislative_opinions: number;
    };
    Compliance: {
      station_id: number;
      station_name: string;
      area_code: string;
      year: number;
      periods_ended: number;
      periods_ended_met: number;
      rules: {
        kind: string;
        kind_name: string;
        period: 'month' | 'quarter' | 'half_year' | 'year';
        at_least: number;
        periods: {
          period: string;
          from: string;
          to: string;
          required: number;
          held: number;
          scheduled: number;
          met: boolean;
          ended: boolean;
        }[];
      }[];
    };
    AuditEntry: {
      id: number;
      at: string;
      /** null when no one is known (a failed sign-in); id 0 and name 命令行操作员 for the operator at the server's command line */
      actor: {
        /** the user */
        id: number;
        /** the name of the deputy the user was bound to then, else 用户 <id> */
        name: string;
      } | null;
      /** A stable dotted name: station.create, station.update, station.convenor, deputy.create, deputy.update, deputy.import, group.create, group.update, unit.create, invite.create, invite.cancel, invite.redeem, user.revoke, signin.ok, signin.failed, signin.console, message.accept, message.reject, message.assign, message.transfer, message.reply, message.promise, message.close, message.walk_in, message.unpublish, messages.export, activity.create, activity.update, activity.publish, activity.cancel, activity.attendance, notification.resend, audit.export. */
      action: string;
      /** the action's Chinese name */
      label: string;
      /** what changed, as kind:id (station:12, message:5, user:3); empty for an export or a failed sign-in */
      subject: string;
      client_ip: string;
      /** what changed, in a sentence; long numbers masked (138****5678) */
      summary: string;
    };
    /** on create title, text, opens_at, closes_at and area_code or station_ids are required; on PATCH a field left out is not changed */
    ConsultationInput: {
      title?: string;
      /** 起草说明 */
      explanation?: string;
      /** the draft's full text: each 第X章 / 第X节 / 第X条 heading starts a line */
      text?: string;
      opens_at?: string;
      closes_at?: string;
      /** a region's or a city's code: every station of it is consulted */
      area_code?: string;
      /** only these stations are consulted */
      station_ids?: number[];
    };
    ConsultationArticle: {
      id: number;
      number: string;
      /** the chapter (and section) it stands in; empty before any chapter */
      chapter: string;
      /** the article without its heading; items （一）（二） each on a line */
      text: string;
      /** how many opinions it has */
      opinions: number;
    };
    Consultation: {
      id: number;
      title: string;
      explanation: string;
      text: string;
      area_code: string;
      area_name: string;
      /** empty when every station of the area is consulted */
      station_ids: number[];
      opens_at: string;
      closes_at: string;
      status: 'draft' | 'open' | 'closed' | 'reviewed';
      created_at: string;
      updated_at: string;
      published_at: string | null;
      closed_at: string | null;
      reviewed_at: string | null;
      chapters: string[];
      articles: components['schemas']['ConsultationArticle'][];
      /** all opinions, on the whole draft too */
      opinions: number;
      /** what the split found odd, for staff to check */
      warnings: string[];
    };
    ConsultationSummary: {
      id: number;
      title: string;
      area_code: string;
      area_name: string;
      status: 'draft' | 'open' | 'closed' | 'reviewed';
      opens_at: string;
      closes_at: string;
      opinions: number;
      /** the stations chosen; 0 when the whole area is consulted */
      stations: number;
      created_at: string;
    };
    ConsultationBrief: {
      id: number;
      title: string;
      opens_at: string;
      closes_at: string;
      status: 'open';
      /** how many articles the draft has */
      articles: number;
    };
    PublicConsultation: {
      id: number;
      title: string;
      explanation: string;
      opens_at: string;
      closes_at: string;
      status: 'open' | 'closed' | 'reviewed';
      articles: components['schemas']['ConsultationArticle'][];
    };
    OpinionInput: {
      /** the article; null: the whole draft */
      article_id?: number | null;
      /** 5–2000 characters (GET /meta text_limits) */
      content: string;
      name?: string;
      /** a mainland mobile number */
      phone?: string;
      /** the station it comes through (required for staff) */
      station_id?: number | null;
      /** staff only: the consultation meeting it was said at */
      activity_id?: number | null;
      /** staff only: the person agreed to have their name and phone kept */
      consent?: boolean;
    };
    OpinionCreated: {
      id: number;
      consultation_id: number;
      article_id: number | null;
      author_kind: 'public' | 'deputy' | 'meeting';
      /** the content check: empty (passed), review or unchecked */
      review: string;
      created_at: string;
    };
    /** a station (the one an opinion came through) or an activity (the meeting it was said at); null when none */
    ConsultationRef: {
      id: number;
      name: string;
    } | null;
    Opinion: {
      id: number;
      article_id: number | null;
      article_number: string | null;
      author_kind: 'public' | 'deputy' | 'meeting';
      content: string;
      name: string;
      phone: string | null;
      deputy_id: number | null;
      deputy_name: string | null;
      station: components['schemas']['ConsultationRef'];
      activity: components['schemas']['ConsultationRef'];
      review: string;
      created_at: string;
      /** null until reviewed */
      outcome: 'adopted' | 'partly_adopted' | 'not_adopted' | 'for_reference' | null;
      reason: string | null;
      reviewed_at: string | null;
    };
    ReviewInput: {
      outcome: 'adopted' | 'partly_adopted' | 'not_adopted' | 'for_reference';
      /** required for not_adopted and partly_adopted: a short plain explanation for the person */
      reason?: string;
    };
    MyOpinion: {
      id: number;
      consultation_id: number;
      consultation_title: string;
      consultation_status: 'open' | 'closed' | 'reviewed';
      /** null on the whole draft */
      article_id: number | null;
      article_number: string | null;
      /** cut to 200 characters */
      content: string;
      created_at: string;
      /** null until the review is finished */
      outcome: 'adopted' | 'partly_adopted' | 'not_adopted' | 'for_reference' | null;
      /** null until the review is finished */
      reason: string | null;
    };
    ConsultationTally: {
      opinions: number;
      reviewed: number;
      adopted: number;
      partly_adopted: number;
      not_adopted: number;
      for_reference: number;
      /** (adopted + partly_adopted) / reviewed; null before any answer */
      adoption_rate: number | null;
    };
    OpinionToPassOn: {
      id: number;
      article_number: string | null;
      content: string;
      /** who said it, when they agreed to leave their name; empty otherwise */
      name: string;
      activity: components['schemas']['ConsultationRef'];
      outcome: 'adopted' | 'partly_adopted' | 'not_adopted' | 'for_reference' | null;
      reason: string | null;
      created_at: string;
    };
    ConsultationStationStats: components['schemas']['ConsultationTally'] & {
      station: components['schemas']['ConsultationRef'];
      /** the county's (district's) code; empty for the row of opinions without a station */
      area_code: string;
      area_name: string;
      to_pass_on: components['schemas']['OpinionToPassOn'][];
    };
    ConsultationAreaStats: components['schemas']['ConsultationTally'] & {
      area_code: string;
      area_name: string;
    };
    ConsultationStats: {
      consultation_id: number;
      title: string;
      status: 'draft' | 'open' | 'closed' | 'reviewed';
      total: components['schemas']['ConsultationTally'];
      stations: components['schemas']['ConsultationStationStats'][];
      areas: components['schemas']['ConsultationAreaStats'][];
    };
    DeputyCard: {
      id: number;
      name: string;
      levels: ('national' | 'regional' | 'city' | 'county' | 'township')[];
      /** false once the deputy's term ended */
      active: boolean;
      stations: components['schemas']['DeputyStation'][];
      reception_days: components['schemas']['DutyDay'][];
    };
    DeputyStation: {
      id: number;
      name: string;
    };
    DutyDay: {
      id: number;
      title: string;
      start_at: string;
      end_at: string;
      venue: string;
      station_id: number;
      station_name: string;
    };
    MessageImage: {
      id: number;
      url: string;
    };
    MessageInput: {
      category: 'urban_rural' | 'social_security' | 'education' | 'health' | 'transport' | 'environment' | 'economy' | 'rural_revitalization' | 'governance' | 'legislation' | 'other';
      /** counted in characters */
      content: string;
      /** the caller's own unused uploads */
      image_ids?: number[];
      name?: string;
      /** mainland mobile number; stored encrypted */
      phone?: string;
      /** the name is never shown to deputies or in exports */
      anonymous?: boolean;
      /** the author agrees that, once answered, the message and its reply may be shown on the station's page (without name, phone, photos or code; long numbers in the text masked) */
      publish?: boolean;
      /** walk-ins only (POST /admin/stations/{id}/messages); replaces name and phone */
      on_behalf?: {
        name?: string;
        phone?: string;
        /** must be true */
        consent: boolean;
        /** the person agreed, asked separately, that the message and its answer may be shown on the station's page; without it a walk-in's answer is never public (`publish: true` without it is 400) */
        publish_consent?: boolean;
      };
    };
    /** a message to a deputy (POST /deputies/{id}/messages): the station intake's fields (on_behalf is refused) and the station */
    DeputyMessageInput: {
      category: 'urban_rural' | 'social_security' | 'education' | 'health' | 'transport' | 'environment' | 'economy' | 'rural_revitalization' | 'governance' | 'legislation' | 'other';
      /** counted in characters */
      content: string;
      /** the caller's own unused uploads */
      image_ids?: number[];
      name?: string;
      /** mainland mobile number; stored encrypted */
      phone?: string;
      /** the name is never shown to deputies or in exports */
      anonymous?: boolean;
      /** the author agrees that, once answered, the message and its reply may be shown on the station's page (without name, phone, photos or code; long numbers in the text masked) */
      publish?: boolean;
      /** walk-ins only (POST /admin/stations/{id}/messages); replaces name and phone */
      on_behalf?: {
        name?: string;
        phone?: string;
        /** must be true */
        consent: boolean;
        /** the person agreed, asked separately, that the message and its answer may be shown on the station's page; without it a walk-in's answer is never public (`publish: true` without it is 400) */
        publish_consent?: boolean;
      };
      /** one of the deputy's stations (their public card's stations); default the first by id. Another is 400 with fields.station_id */
      station_id?: number;
    };
    PublishedAnswer: {
      id: number;
      category: string;
      content: string;
      reply: string;
      submitted_at: string;
      replied_at: string | null;
    };
    MessageCreated: {
      id: number;
      /** tracking code (prefix, yymm, 4 characters without 0/O/1/I/L) */
      code: string;
      status: string;
      review?: '' | 'review' | 'unchecked';
      accept_due: string;
      reply_due: string;
      created_at: string;
      addressee: components['schemas']['Addressee'];
    };
    /** the deputy the message was written to (代表码); null for a message to the station */
    Addressee: {
      id: number;
      name: string;
    } | null;
    MessageTransition: {
      action: 'accept' | 'assign' | 'transfer' | 'reply' | 'promise' | 'reject' | 'close' | 'hand_over';
      /** assign — a deputy of the message's station */
      deputy_id?: number;
      /** transfer — a handling unit */
      unit_id?: number;
      /** reply */
      reply?: string;
      /** reject */
      reason?: string;
      /** promise — what was promised */
      promise?: string;
      /** promise — when (the author is asked at 09:00 that day) */
      due_at?: string;
      /** shown in the timeline; hand_over — the deputy's note to the staff */
      note?: string;
    };
    MessageEvent: {
      action: string;
      at: string;
      note: string;
    };
    Message: {
      id: number;
      code: string;
      station_id: number;
      station_name: string;
      category: string;
      content: string;
      /** hidden from deputies when anonymous */
      name?: string;
      /** full for staff in scope, else masked (138****5678) */
      phone?: string;
      anonymous: boolean;
      /** the author's consent to show the answered message publicly */
      publish: boolean;
      walk_in: boolean;
      status: string;
      /** staff only; review or unchecked when content security did not pass it */
      review?: string;
      /** staff only; WeChat's verdict on the published question and reply: empty until checked; only pass is shown on the station's page */
      answer_check?: '' | 'pass' | 'review' | 'risky';
      /** the handling steps (POST /admin/messages/{id}/transitions) the caller may take now, by the message's status and the caller's role: staff in scope every step the status allows, the assigned deputy reply, the deputy it was written to reply and hand_over while it is unanswered and not handed over, anyone else (the author) none */
      actions: ('accept' | 'assign' | 'transfer' | 'reply' | 'promise' | 'reject' | 'close' | 'hand_over')[];
      /** only in the answer to a reply transition: non-blocking remarks, e.g. the reply contains a phone number or a name (答复中含有电话号码或姓名…) */
      warnings?: string[];
      deputy_id: number | null;
      unit_id: number | null;
      reply: string | null;
      reject_reason?: string;
      promise?: string;
      promise_due_at: string | null;
      fulfilled: boolean | null;
      rating: string | null;
      rating_comment?: string;
      close_reason?: '' | 'rated' | 'unrated' | 'fulfilled' | 'staff';
      accept_due: string;
      reply_due: string;
      overdue: boolean;
      accepted_at: string | null;
      replied_at: string | null;
      closed_at: string | null;
      created_at: string;
      addressee: components['schemas']['Addressee'];
      /** when the deputy it was written to handed it to the station's staff (转交联络站办理); null if not */
      handed_over_at: string | null;
      /** true when it was handed to the staff by the deadline, not by the deputy: the deputy neither answered nor handed it over within accept_within_workdays working days (the timeline says 代表未在期限内处理，已转交联络站办理) */
      handed_over_late?: boolean;
      images: components['schemas']['MessageImage'][];
      /** detail only */
      timeline?: components['schemas']['MessageEvent'][];
    };
    MessageList: {
      items: components['schemas']['Message'][];
      next_cursor: string;
    };
    /** Messages submitted in [from, to) in the caller's scope (and the station / area / unit asked for). Deadlines are working days in Asia/Shanghai with the official holiday calendar (configs/holidays). Rates are fractions 0–1 (four places), null when their denominator is 0. */
    MessageStats: {
      /** messages submitted in the period */
      received: number;
      /** of those, rejected (不予受理) */
      rejected: number;
      /** of those, accepted */
      accepted: number;
      /** accepted no later than accept_due (3 working days after submission) */
      accepted_on_time: number;
      /** of those, with a reply */
      replied: number;
      /** first reply no later than reply_due (15 working days after submission) */
      replied_on_time: number;
      /** rated by their author (auto-closed unrated ones are not counted) */
      rated: number;
      satisfied: number;
      basically_satisfied: number;
      unsatisfied: number;
      /** replied and either rated satisfied / basically satisfied or with a promise confirmed fulfilled */
      resolved: number;
      /** promises whose due date has passed or whose follow-up was answered */
      promises_due: number;
      /** promises the author confirmed as done */
      promises_fulfilled: number;
      /** still submitted and within accept_due now: not yet on time, nor late */
      awaiting_acceptance: number;
      /** accepted_on_time / (received − rejected − awaiting_acceptance): the messages already due */
      accepted_on_time_rate: number | null;
      /** replied_on_time / accepted */
      replied_on_time_rate: number | null;
      /** 解决率 = resolved / replied */
      resolution_rate: number | null;
      /** 落实率 = promises_fulfilled / promises_due */
      implementation_rate: number | null;
      /** 满意率 = (satisfied + basically_satisfied) / rated */
      satisfaction_rate: number | null;
      from: string;
      to: string;
      /** Beside the station's counts: the messages among these written to a deputy (代表码), per deputy, the deputy who received most first; empty when none was. */
      deputies: components['schemas']['DeputyMessageFigures'][];
    };
    DeputyMessageFigures: {
      deputy_id: number;
      name: string;
      /** messages written to the deputy in the period */
      received: number;
      /** of those, answered (by the deputy, or by staff after a hand-over) */
      answered: number;
      /** of those, still waiting for an answer (not rejected or closed) */
      open: number;
      /** of those, handed to the station's staff (转交联络站办理), by the deputy or by the deadline */
      handed_over: number;
      /** of handed_over, those handed over by the deadline: the deputy neither answered nor handed them over within accept_within_workdays working days */
      handed_over_late: number;
    };
  };
  responses: {
    Invalid: components['schemas']['Error'];
    Unauthorized: components['schemas']['Error'];
    Forbidden: components['schemas']['Error'];
    NotFound: components['schemas']['Error'];
    Conflict: components['schemas']['Error'];
    TooLarge: components['schemas']['Error'];
    TooMany: components['schemas']['Error'];
    Unavailable: components['schemas']['Error'];
  };
}
