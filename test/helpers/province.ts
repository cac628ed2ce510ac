import TestAgent from 'supertest/lib/agent';
import { ADMIN_TEST_PASSWORD, signIn, TestApp, tokenFrom, unitId } from './test-app';

/** The password of every person a Province makes. */
export const PROVINCE_PASSWORD = 'MatKhau@2026';

/**
 * A province built through the administrator's own forms on an empty test app (units, then
 * people with their roles), and each person signed in once, on demand, with a CSRF token.
 */
export class Province {
  private readonly agents = new Map<string, { agent: TestAgent; token: string }>();

  private constructor(
    private readonly t: TestApp,
    readonly admin: TestAgent,
    readonly adminToken: string,
  ) {}

  /** Signs the first administrator in on the app. */
  static async on(t: TestApp): Promise<Province> {
    const admin = await signIn(t.agent(), 'admin', ADMIN_TEST_PASSWORD);
    return new Province(t, admin, await tokenFrom(admin, '/units/new'));
  }

  async unit(code: string, name: string, kind: string, parent: string | null): Promise<void> {
    const res = await this.admin.post('/units/new').type('form').send({ _csrf: this.adminToken, code, name, kind, parentId: parent ? String(await unitId(this.t.db, parent)) : '' });
    if (res.status !== 303) throw new Error(`unit ${code} not created: ${res.status}`);
  }

  /** A person of that unit with those roles, whose first password needs no change at sign-in. */
  async user(username: string, fullName: string, unitCode: string, roles: string[]): Promise<void> {
    const res = await this.admin.post('/users/new').type('form').send({ _csrf: this.adminToken, username, fullName, position: '', unitId: String(await unitId(this.t.db, unitCode)), roles, password: PROVINCE_PASSWORD });
    if (res.status !== 303) throw new Error(`user ${username} not created: ${res.status}`);
    await this.t.db.query('UPDATE users SET "mustChangePassword" = ? WHERE username = ?', [false, username]);
  }

  /** The person signed in, and a CSRF token of theirs. */
  async as(username: string): Promise<{ agent: TestAgent; token: string }> {
    if (!this.agents.has(username)) {
      const agent = await signIn(this.t.agent(), username, PROVINCE_PASSWORD);
      this.agents.set(username, { agent, token: await tokenFrom(agent, '/') });
    }
    return this.agents.get(username)!;
  }
}
