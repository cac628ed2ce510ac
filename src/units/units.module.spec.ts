import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { UsersModule } from '../users/users.module';
import { UnitsModule } from './units.module';

/** The source files of a feature folder (tests left out). */
const sources = (folder: string) =>
  readdirSync(join(__dirname, '..', folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
    .map((f) => ({ file: `${folder}/${f}`, text: readFileSync(join(__dirname, '..', folder, f), 'utf8') }));

/**
 * Users belong to units: the users feature imports the units feature, never the reverse. What the
 * units feature needs of people (a unit's members, moving them on a merger) it asks through
 * UNIT_MEMBERS (src/common/extensions.ts), so neither module needs forwardRef.
 */
describe('units and users', () => {
  it('the users module imports the units module as it is; the units module does not import the users module', () => {
    expect(Reflect.getMetadata(MODULE_METADATA.IMPORTS, UsersModule)).toContain(UnitsModule);
    expect(Reflect.getMetadata(MODULE_METADATA.IMPORTS, UnitsModule)).not.toContain(UsersModule);
  });

  it('no file of the units feature imports the users feature beyond its role codes, and neither uses forwardRef', () => {
    const fromUsers = sources('units').flatMap(({ file, text }) =>
      [...text.matchAll(/from '\.\.\/users\/([^']+)'/g)].map((m) => m[1]).filter((m) => m !== 'roles').map((m) => `${file} → users/${m}`),
    );
    expect(fromUsers).toEqual([]);
    const withForwardRef = [...sources('units'), ...sources('users')].filter(({ text }) => text.includes('forwardRef')).map(({ file }) => file);
    expect(withForwardRef).toEqual([]);
  });
});
