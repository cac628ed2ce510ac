import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { UnitOfWork } from '../src/database/unit-of-work';
import { NotificationsService } from '../src/notifications/notifications.service';
import { ChildApp, startChildApp } from './helpers/child-app';
import { eventually } from './helpers/eventually';
import { APP_HOOK_TIMEOUT, createTestApp, csrfOf, DEMO_PASSWORD, demoPostgresDatabase, signIn, TEST_DATABASE_URL, TestApp } from './helpers/test-app';

// Several instances share a database on PostgreSQL only.
const onPostgres = TEST_DATABASE_URL ? it : it.skip;

/**
 * An SMTP server that holds the first message to `stalled` unanswered (its sender is
 * mid-send), and takes every other; with `together` set, it answers none until that many
 * messages are being sent at once.
 */
async function startStallingSmtp(stalled: string) {
  const accepted: string[] = [];
  const state = { held: 0, together: 0 };
  let waiting: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((r) => r.address);
      stream.on('data', () => undefined);
      stream.on('end', () => {
        if (to.includes(stalled) && state.held === 0) {
          state.held++;
          return; // never answered
        }
        const answer = () => {
          accepted.push(...to);
          callback();
        };
        if (!state.together) return answer();
        waiting.push(answer);
        if (waiting.length < state.together) return;
        state.together = 0;
        const all = waiting;
        waiting = [];
        all.forEach((a) => a());
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { accepted, state, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('background jobs across instances (PostgreSQL)', () => {
  let child: ChildApp | null = null;
  let other: TestApp | null = null;
  let smtp: Awaited<ReturnType<typeof startStallingSmtp>> | null = null;
  let database: { url: string; drop: () => Promise<void> } | null = null;
  const dir = mkdtempSync(join(tmpdir(), 'sang-kien-jobs-'));
  afterAll(async () => {
    await child?.stop('SIGKILL');
    await other?.close();
    await smtp?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  }, APP_HOOK_TIMEOUT);

  onPostgres(
    'an e-mail job whose instance is killed mid-send is taken up by another instance and delivered once',
    async () => {
      const address = 'hanh.vinhhoa@quangtri.gov.vn';
      smtp = await startStallingSmtp(address);
      database = await demoPostgresDatabase();
      const db = new Client({ connectionString: database.url });
      await db.connect();
      try {
        await db.query(`UPDATE users SET email = $1 WHERE username = 'daumoi.vinhhoa'`, [address]);
        const env = {
          DATABASE_URL: database.url,
          SESSION_SECRET: 'khoa-bi-mat-chung-cua-cac-may-0123456789',
          DATA_DIR: join(dir, 'data'),
          UPLOAD_DIR: join(dir, 'uploads'),
          SMTP_HOST: '127.0.0.1',
          SMTP_PORT: String(smtp.port),
          SMTP_FROM: 'sangkien@quangtri.gov.vn',
          OPEN_DATA_DAILY: 'false',
          JOB_EXPIRE_SECONDS: '5',
          JOB_CHECK_SECONDS: '1',
          JOB_RETRY_SECONDS: '1',
        };
        child = await startChildApp(env);
        const admin = await signIn(request.agent(child.url), 'admin', DEMO_PASSWORD);
        // A programme past its deadline; the reminder tells Vĩnh Hòa's focal point, by e-mail too.
        const id = async (sql: string) => Number((await db.query(sql)).rows[0].id);
        const form = new URLSearchParams({ _csrf: csrfOf((await admin.get('/programmes/new')).text), year: '2025', title: 'Nhân rộng năm 2025 (đợt bổ sung)', issuingUnitId: String(await id(`SELECT id FROM units WHERE code = 'QT'`)), reportDeadline: '30/11/2025' });
        form.append('initiativeIds', String(await id(`SELECT id FROM initiatives WHERE code = 'SK-2022-0005'`)));
        const vinhHoa = await id(`SELECT id FROM units WHERE code = 'QT-VHOANG'`);
        form.append('unitIds', String(vinhHoa));
        const created = await admin.post('/programmes/new').type('form').send(form.toString());
        expect(created.status).toBe(303);
        const page = await admin.get(created.headers.location);
        const reminded = await admin.post(`${created.headers.location}/remind`).type('form').send({ _csrf: csrfOf(page.text), unitIds: String(vinhHoa) });
        expect(reminded.status).toBe(303);

        // The message is being sent (the server holds it) when the instance is killed.
        expect(await eventually(() => smtp!.state.held === 1)).toBe(true);
        await child.stop('SIGKILL');
        child = null;
        expect(smtp.accepted).toEqual([]);
        const [job] = (await db.query(`SELECT id, state FROM pgboss.job WHERE name = 'notice-email'`)).rows;
        expect(job.state).toBe('active');

        // Another instance: the job, past its time, is failed and taken up again there, once.
        other = await createTestApp({ env: { ...env, DATA_DIR: join(dir, 'data-2'), UPLOAD_DIR: join(dir, 'uploads-2') } });
        expect(await eventually(() => smtp!.accepted.length > 0)).toBe(true);
        expect(await eventually(async () => (await db.query(`SELECT state FROM pgboss.job WHERE id = $1 UNION ALL SELECT state FROM pgboss.archive WHERE id = $1`, [job.id])).rows[0]?.state === 'completed')).toBe(true);
        await new Promise((r) => setTimeout(r, 2000));
        expect(smtp.accepted).toEqual([address]);
        const [done] = (await db.query(`SELECT retry_count FROM pgboss.job WHERE id = $1 UNION ALL SELECT retry_count FROM pgboss.archive WHERE id = $1`, [job.id])).rows;
        expect(done.retry_count).toBe(1);
      } finally {
        await db.end();
      }
    },
    180_000,
  );

  onPostgres(
    'two instances working the same queue send each message once',
    async () => {
      // Runs after the test above: `other` is up on its database; a second instance joins it.
      if (!other || !database || !smtp) throw new Error('the test above did not leave its instance');
      const second = await createTestApp({ env: { DATABASE_URL: database.url, SESSION_SECRET: 'khoa-bi-mat-chung-cua-cac-may-0123456789', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'sangkien@quangtri.gov.vn', OPEN_DATA_DAILY: 'false' } });
      try {
        const people = (await other.db.query(`SELECT id, username FROM users WHERE active = ? AND username <> 'admin' ORDER BY id LIMIT 12`, [true])) as { id: number; username: string }[];
        for (const p of people) await other.db.query('UPDATE users SET email = ?, "emailDigest" = ? WHERE id = ?', [`${p.username}@hang-doi.gov.vn`, false, p.id]);
        const before = smtp.accepted.length;
        // Told from both instances at once; both instances' workers take jobs.
        await Promise.all([
          other.app.get(UnitOfWork).run(() => other!.app.get(NotificationsService).tell(people.slice(0, 6).map((p) => p.id), 'assignment', 'Phân công chấm (máy 1)', '/reviews')),
          second.app.get(UnitOfWork).run(() => second.app.get(NotificationsService).tell(people.slice(6).map((p) => p.id), 'assignment', 'Phân công chấm (máy 2)', '/reviews')),
        ]);
        expect(await eventually(() => smtp!.accepted.length - before >= people.length)).toBe(true);
        await new Promise((r) => setTimeout(r, 3000)); // a poll of each instance more: nothing else arrives
        const sent = smtp.accepted.slice(before).sort();
        expect(sent).toEqual(people.map((p) => `${p.username}@hang-doi.gov.vn`).sort());
      } finally {
        await second.close();
      }
    },
    180_000,
  );

  onPostgres(
    'one instance sends four messages at once (the server answers none until four are being sent)',
    async () => {
      if (!other || !smtp) throw new Error('the tests above did not leave their instance');
      const people = (await other.db.query(`SELECT id, username FROM users WHERE active = ? AND username <> 'admin' ORDER BY id DESC LIMIT 4`, [true])) as { id: number; username: string }[];
      for (const p of people) await other.db.query('UPDATE users SET email = ?, "emailDigest" = ? WHERE id = ?', [`${p.username}@bon-thu.gov.vn`, false, p.id]);
      smtp.state.together = 4;
      const before = smtp.accepted.length;
      const told = await other.app.get(UnitOfWork).run(() => other!.app.get(NotificationsService).tell(people.map((p) => p.id), 'assignment', 'Phân công chấm (bốn thư)', '/reviews'));
      await expect(told.email).resolves.toEqual({ enabled: true, sent: 4, failed: 0 });
      expect(smtp.accepted.length - before).toBe(4);
    },
    180_000,
  );
});
