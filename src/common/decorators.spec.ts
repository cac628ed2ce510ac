import { PATH_METADATA } from '@nestjs/common/constants';
import { Request } from 'express';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { FORM_VIEW_KEY, FormView, FormViewOptions, Permit, PERMIT_KEY } from './decorators';

/** Every `@Permit(...)` and `@FormView(...)` of the application, read back from its metadata. */
async function usesInControllers() {
  const src = join(__dirname, '..');
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.controller.ts'));
  const written = files.reduce((n, f) => n + (readFileSync(join(src, f), 'utf8').match(/@(Permit|FormView)\(/g) ?? []).length, 0);
  const uses: { controller: string; handler: string; kind: 'permit' | 'model'; method: unknown }[] = [];
  for (const file of files) {
    // Loading the file runs its decorators, which throw on an unknown name.
    const exported = (await import(join(src, file))) as Record<string, unknown>;
    for (const type of Object.values(exported)) {
      if (typeof type !== 'function' || Reflect.getMetadata(PATH_METADATA, type) === undefined) continue;
      const proto = type.prototype as Record<string, unknown>;
      for (const handler of Object.getOwnPropertyNames(proto)) {
        const fn = proto[handler];
        if (handler === 'constructor' || typeof fn !== 'function') continue;
        const permit = Reflect.getMetadata(PERMIT_KEY, fn) as string | undefined;
        const form = Reflect.getMetadata(FORM_VIEW_KEY, fn) as FormViewOptions | undefined;
        if (permit) uses.push({ controller: type.name, handler, kind: 'permit', method: proto[permit] });
        if (form) uses.push({ controller: type.name, handler, kind: 'model', method: form.model && proto[form.model] });
      }
    }
  }
  return { written, uses };
}

describe('@Permit and @FormView', () => {
  it('name a real method of the controller at every use in the application', async () => {
    const { written, uses } = await usesInControllers();
    expect(uses.length).toBeGreaterThan(40);
    // Every use written in a controller file was found on a route handler.
    expect(uses).toHaveLength(written);
    for (const use of uses) expect({ ...use, method: typeof use.method }).toEqual({ ...use, method: 'function' });
  });

  class Sample {
    count = 3;
    mayAct(_req: Request) {
      return Promise.resolve();
    }
    model(_req: Request) {
      return Promise.resolve({ title: 'x' });
    }
    handler() {}
  }

  it('store the method names the guard and the interceptor call', () => {
    Permit('mayAct')(Sample.prototype, 'handler', Object.getOwnPropertyDescriptor(Sample.prototype, 'handler')!);
    FormView('sample/form', 'model')(Sample.prototype, 'handler', Object.getOwnPropertyDescriptor(Sample.prototype, 'handler')!);
    expect(Reflect.getMetadata(PERMIT_KEY, Sample.prototype.handler)).toBe('mayAct');
    expect(Reflect.getMetadata(FORM_VIEW_KEY, Sample.prototype.handler)).toEqual({ view: 'sample/form', model: 'model' });
  });

  // The @ts-expect-error lines are the compile-time half: `tsc` fails if a wrong name compiles.
  it('refuse an unknown permission method when the class is defined', () => {
    expect(() => {
      class Typo {
        mayAct(_req: Request) {}
        // @ts-expect-error: misspelt permission method
        @Permit('mayAkt')
        handler() {}
      }
      return Typo;
    }).toThrow('Typo.mayAkt is not a permission method');
  });

  it('refuse an unknown form model method when the class is defined', () => {
    expect(() => {
      class Typo {
        model(_req: Request) {
          return {};
        }
        // @ts-expect-error: misspelt form model method
        @FormView('typo/form', 'modle')
        handler() {}
      }
      return Typo;
    }).toThrow('Typo.modle is not a form model method');
  });

  it('refuse a name that is not a method of the right shape', () => {
    expect(() => {
      class Field {
        count = 3;
        // @ts-expect-error: a field, not a method
        @FormView('field/form', 'count')
        handler() {}
      }
      return Field;
    }).toThrow('Field.count is not a form model method');
    class Shape {
      total(_n: number) {
        return 3;
      }
      // @ts-expect-error: takes no request and gives no view model
      @FormView('shape/form', 'total')
      handler() {}
    }
    expect(Shape).toBeDefined();
  });
});
