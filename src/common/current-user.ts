import { Role } from '../users/roles';
import type { Viewer } from './viewer';

/** The signed-in person, loaded from the database on every request. */
export interface CurrentUser {
  id: number;
  username: string;
  fullName: string;
  position: string;
  unitId: number;
  unitName: string;
  roles: Role[];
  mustChangePassword: boolean;
}

export interface FlashMessage {
  type: 'success' | 'info' | 'warning' | 'danger';
  message: string;
}

declare module 'express-session' {
  interface SessionData {
    userId: number;
    csrfToken: string;
    flash: FlashMessage[];
    kept: Record<string, unknown>;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The signed-in person with their unit scope (see Viewer). */
      currentUser?: Viewer;
    }
  }
}
