import { Role } from '../users/roles';
import { administersUnit, grantableRoles, hasAnyRole, isDistrictAdmin, isSystemAdmin, isUnitAdmin, isUnitInScope, mayManageAccount } from './access';
import { ROLES } from '../users/roles';

describe('access rules', () => {
  const author = { roles: [Role.Author] };
  const focal = { roles: [Role.Author, Role.UnitFocal] };
  const admin = { roles: [Role.DistrictAdmin] };

  describe(hasAnyRole.name, () => {
    it('refuses when nobody is signed in', () => {
      expect(hasAnyRole(undefined, [])).toBe(false);
      expect(hasAnyRole(undefined, [Role.Author])).toBe(false);
    });
    it('lets any signed-in user through when no role is required', () => {
      expect(hasAnyRole(author, [])).toBe(true);
    });
    it('needs one of the listed roles', () => {
      expect(hasAnyRole(focal, [Role.UnitFocal, Role.DistrictAdmin])).toBe(true);
      expect(hasAnyRole(author, [Role.UnitFocal, Role.DistrictAdmin])).toBe(false);
      expect(hasAnyRole(author, [Role.CouncilMember])).toBe(false);
    });
    it('does not treat a district admin as every other role', () => {
      expect(hasAnyRole(admin, [Role.CouncilMember])).toBe(false);
    });
  });

  describe(isDistrictAdmin.name, () => {
    it('is true only for the district_admin role', () => {
      expect(isDistrictAdmin(admin)).toBe(true);
      expect(isDistrictAdmin(focal)).toBe(false);
      expect(isDistrictAdmin(undefined)).toBe(false);
    });
  });

  describe(isUnitInScope.name, () => {
    const scope = new Set([10, 11, 12]);
    it('accepts units in the scope', () => {
      expect(isUnitInScope(focal, 11, scope)).toBe(true);
    });
    it('refuses units outside the scope', () => {
      expect(isUnitInScope(focal, 20, scope)).toBe(false);
      expect(isUnitInScope(author, 20, new Set())).toBe(false);
    });
    it('lets a district admin reach every unit', () => {
      expect(isUnitInScope(admin, 20, new Set())).toBe(true);
    });
    it('refuses when nobody is signed in', () => {
      expect(isUnitInScope(undefined, 10, scope)).toBe(false);
    });
  });

  describe('unit administrators ("Quản trị đơn vị")', () => {
    const unitAdmin = { roles: [Role.UnitAdmin] };
    const scope = new Set([10, 11, 12]);

    it('tells the system administrator (the stored district_admin code) from a unit administrator', () => {
      expect(isSystemAdmin(admin)).toBe(true);
      expect(isUnitAdmin(admin)).toBe(false);
      expect(isSystemAdmin(unitAdmin)).toBe(false);
      expect(isUnitAdmin(unitAdmin)).toBe(true);
      // Holding both, one is a system administrator.
      expect(isUnitAdmin({ roles: [Role.UnitAdmin, Role.DistrictAdmin] })).toBe(false);
    });

    it("administers only its own unit's subtree; the system administrator every unit; nobody else any", () => {
      expect(administersUnit(unitAdmin, 11, scope)).toBe(true);
      expect(administersUnit(unitAdmin, 99, scope)).toBe(false);
      expect(administersUnit(unitAdmin, null, scope)).toBe(false);
      expect(administersUnit(admin, 99, new Set())).toBe(true);
      expect(administersUnit({ roles: [Role.CouncilSecretary] }, 11, scope)).toBe(false);
      // A unit administrator's subtree is not a wider view of initiatives than any member of the unit.
      expect(isUnitInScope(unitAdmin, 99, scope)).toBe(false);
    });

    it('gives every role but the system administrator\'s', () => {
      expect(grantableRoles(admin, ROLES)).toEqual(ROLES);
      expect(grantableRoles(unitAdmin, ROLES)).toEqual(ROLES.filter((r) => r !== Role.DistrictAdmin));
      expect(grantableRoles(author, ROLES)).toEqual([]);
    });

    it("manages accounts of its scope, never a system administrator's", () => {
      expect(mayManageAccount(unitAdmin, { unitId: 12, roles: [Role.Author] }, scope)).toBe(true);
      expect(mayManageAccount(unitAdmin, { unitId: 12, roles: [Role.DistrictAdmin] }, scope)).toBe(false);
      expect(mayManageAccount(unitAdmin, { unitId: 99, roles: [Role.Author] }, scope)).toBe(false);
      expect(mayManageAccount(admin, { unitId: 99, roles: [Role.DistrictAdmin] }, new Set())).toBe(true);
      expect(mayManageAccount(focal, { unitId: 12, roles: [Role.Author] }, scope)).toBe(false);
    });
  });
});
