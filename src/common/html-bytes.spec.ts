import express from 'express';
import hbs from 'hbs';
import request from 'supertest';
import { HtmlBytes, htmlBytesHelper, htmlBytesResponses, pageBytes } from './html-bytes';

/** Renders `template` as a view does: `root` is the render's options (res.locals and the model). */
function render(template: string, root: Record<string, unknown>): string {
  const engine = hbs.create();
  engine.registerHelper('htmlBytes', htmlBytesHelper);
  return engine.handlebars.compile(template)(root);
}

describe('htmlBytes helper and pageBytes', () => {
  const cells = HtmlBytes.of('<td class="m-adopted">Đã áp dụng · 10/05/2026</td>');

  it('writes a mark in place of kept bytes, and the page sent holds those bytes there', () => {
    const slots: Buffer[] = [];
    const html = render('<tr><th>{{name}}</th>{{htmlBytes cells}}<td>{{rate}}</td></tr>', { __htmlBytes: slots, name: 'Xã Hòa <Bình>', cells, rate: '50 %' });
    expect(slots).toEqual([cells.bytes]);
    expect(html).not.toContain('Đã áp dụng');
    expect(pageBytes(html, slots).toString('utf8')).toBe('<tr><th>Xã Hòa &lt;Bình&gt;</th><td class="m-adopted">Đã áp dụng · 10/05/2026</td><td>50 %</td></tr>');
  });

  it('puts several kept parts back in their order, the same part twice included', () => {
    const slots: Buffer[] = [];
    const other = HtmlBytes.of('<td>—</td>');
    const html = render('{{#each rows}}<tr>{{htmlBytes this}}</tr>{{/each}}', { __htmlBytes: slots, rows: [cells, other, cells] });
    expect(slots).toHaveLength(3);
    expect(pageBytes(html, slots).toString('utf8')).toBe(`<tr>${cells.toString()}</tr><tr><td>—</td></tr><tr>${cells.toString()}</tr>`);
  });

  it('escapes a string (text someone may have typed), writes a SafeString as it is, and nothing for nothing', () => {
    const slots: Buffer[] = [];
    const safe = new hbs.handlebars.SafeString('<td>Ô mờ</td>');
    expect(render('[{{htmlBytes a}}][{{htmlBytes b}}][{{htmlBytes c}}][{{htmlBytes}}]', { __htmlBytes: slots, a: '<script>x</script>', b: safe, c: null })).toBe('[&lt;script&gt;x&lt;/script&gt;][<td>Ô mờ</td>][][]');
    expect(slots).toEqual([]);
  });

  it('leaves a mark that names no slot as it is (never fails the page)', () => {
    const slots: Buffer[] = [];
    const html = render('<p>{{htmlBytes cells}}</p>', { __htmlBytes: slots, cells });
    expect(pageBytes(html, []).toString('utf8')).toBe(html);
    expect(pageBytes(html.slice(0, -5), slots).toString('utf8')).toBe(html.slice(0, -5));
  });

  it('writes the bytes as text where a render has no place for marks (outside a response)', () => {
    expect(render('{{htmlBytes cells}}', { cells })).toBe(cells.toString());
  });

  it('leaves a text that looks like a mark as it is: a mark holds a token of this process', () => {
    const text = 'Ký tự riêng \uE0000\uE000 và \uE000abc:1\uE000';
    const slots: Buffer[] = [];
    const html = render('<p>{{text}}</p>{{htmlBytes cells}}', { __htmlBytes: slots, text, cells });
    expect(pageBytes(html, slots).toString('utf8')).toBe(`<p>${text}</p>${cells.toString()}`);
  });
});

describe('htmlBytesResponses', () => {
  /** An app whose one route sends `body` after (maybe) registering kept bytes the way a render does. */
  function app(body: (res: express.Response) => unknown) {
    const a = express();
    a.use(htmlBytesResponses);
    a.get('/', (_req, res) => void res.send(body(res)));
    return a;
  }

  it('sends a page that used kept bytes as UTF-8 HTML, the bytes in place', async () => {
    const res = await request(
      app((res) => render('<main>{{title}}{{htmlBytes grid}}</main>', { ...res.locals, title: 'Ma trận áp dụng', grid: HtmlBytes.of('<td>Đã áp dụng</td>') })),
    ).get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toBe('<main>Ma trận áp dụng<td>Đã áp dụng</td></main>');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
  });

  it('leaves every other response as Express sends it', async () => {
    const page = await request(app(() => '<p>Trang chủ</p>')).get('/');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toBe('<p>Trang chủ</p>');
    const json = await request(app(() => ({ ok: true }))).get('/');
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.body).toEqual({ ok: true });
  });

  it('gives each response its own place: a page never holds another one’s bytes', async () => {
    const a = express();
    a.use(htmlBytesResponses);
    a.get('/grid', (_req, res) => void res.send(render('{{htmlBytes grid}}', { ...res.locals, grid: HtmlBytes.of('<td>Đã áp dụng</td>') })));
    a.get('/other', (_req, res) => void res.send(render('<p>{{htmlBytes grid}}</p>', { ...res.locals, grid: new hbs.handlebars.SafeString('<td>Ô mờ</td>') })));
    expect((await request(a).get('/grid')).text).toBe('<td>Đã áp dụng</td>');
    expect((await request(a).get('/other')).text).toBe('<p><td>Ô mờ</td></p>');
    expect((await request(a).get('/grid')).text).toBe('<td>Đã áp dụng</td>');
  });
});
