import { APP_HOOK_TIMEOUT, createTestApp, DEMO_PASSWORD, signIn, TestApp } from './helpers/test-app';

describe('HTTP: compression and caching of static files', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('sends pages compressed to a browser that accepts it, and plain to one that does not', async () => {
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const zipped = await admin.get('/initiatives').set('Accept-Encoding', 'gzip');
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.text).toContain('Sáng kiến');

    const plain = await admin.get('/initiatives').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toContain('Sáng kiến');
  });

  it('links CSS and JS with a content version and lets browsers keep them for a year', async () => {
    const page = await t.agent().get('/catalogue');
    const css = /href="(\/assets\/css\/app\.css\?v=[0-9a-f]{12})"/.exec(page.text)?.[1];
    const bootstrap = /src="(\/vendor\/bootstrap\/js\/bootstrap\.bundle\.min\.js\?v=[0-9a-f]{12})"/.exec(page.text)?.[1];
    expect(css).toBeDefined();
    expect(bootstrap).toBeDefined();
    const versioned = await t.agent().get(css as string).set('Accept-Encoding', 'gzip');
    expect(versioned.status).toBe(200);
    expect(versioned.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(versioned.headers['content-encoding']).toBe('gzip');
    // Without a version, a short cache only: the file may change with the next release.
    const unversioned = await t.agent().get('/assets/css/app.css');
    expect(unversioned.headers['cache-control']).toBe('public, max-age=3600');
  });
});
