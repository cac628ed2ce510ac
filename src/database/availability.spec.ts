import { QueryFailedError } from 'typeorm';
import { databaseErrorLine, databaseTrouble } from './availability';

const pgError = (code: string, message = 'pg') => Object.assign(new Error(message), { code });

describe('databaseTrouble', () => {
  it('names an unreachable server from the network error, also inside TypeORM\'s error or an AggregateError', () => {
    expect(databaseTrouble(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe('unreachable');
    expect(databaseTrouble(new QueryFailedError('SELECT 1', [], pgError('57P01', 'terminating connection due to administrator command')))).toBe('unreachable');
    expect(databaseTrouble(new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })]))).toBe('unreachable');
    expect(databaseTrouble(new Error('Connection terminated unexpectedly'))).toBe('unreachable');
    expect(databaseTrouble(pgError('3D000', 'database "x" does not exist'))).toBe('unreachable');
    expect(databaseTrouble(pgError('08006'))).toBe('unreachable');
  });

  it('names a database without the application\'s tables apart, and leaves every other error to be a 500 or a 409', () => {
    expect(databaseTrouble(new QueryFailedError('SELECT', [], pgError('42P01', 'relation "users" does not exist')))).toBe('schema-missing');
    expect(databaseTrouble(pgError('23505', 'duplicate key'))).toBeNull();
    expect(databaseTrouble(pgError('42703', 'column "x" does not exist'))).toBeNull();
    expect(databaseTrouble(new Error('Cannot read properties of undefined'))).toBeNull();
    expect(databaseTrouble(undefined)).toBeNull();
  });
});

describe('databaseErrorLine', () => {
  it('is one line: the code when the message does not already say it, never a stack', () => {
    expect(databaseErrorLine(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toBe('connect ECONNREFUSED 127.0.0.1:1');
    expect(databaseErrorLine(pgError('28000', 'role "x"\n does not exist'))).toBe('28000 role "x" does not exist');
  });
});
