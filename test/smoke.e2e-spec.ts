import { createTestApp, DEMO_PASSWORD, signIn, TestApp } from './helpers/test-app';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  });
  afterAll(() => t.close());

  it('serves pages', async () => {
    const agent = t.agent();
    const login = await agent.get('/login');
    expect(login.status).toBe(200);
    await signIn(agent, 'admin', DEMO_PASSWORD);
    for (const path of ['/', '/units', '/units/new', '/units/import', '/units/merge', '/users', '/users/new', '/users/import', '/audit', '/units/2', '/units/2/edit', '/units/2/rename', '/units/2/split', '/users/1/edit', '/account/password']) {
      const res = await agent.get(path);
      if (res.status !== 200) console.error(path, res.status, res.text.slice(0, 2000));
      expect(res.status).toBe(200);
    }
  });
});
