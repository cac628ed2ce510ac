import { Unit } from './unit.entity';

/**
 * The unit made on first start of an empty database (UnitsService.systemRoot): a holder
 * for the first admin, to rename into the real top unit or to import the tree under.
 */
export const SYSTEM_UNIT = { code: 'QTHT', name: 'Đơn vị quản trị hệ thống' } as const;

/** Whether this is that unit, still with its generated name (not yet made a real one). */
export function isSystemPlaceholder(unit: Pick<Unit, 'code' | 'name'>): boolean {
  return unit.code === SYSTEM_UNIT.code && unit.name === SYSTEM_UNIT.name;
}
