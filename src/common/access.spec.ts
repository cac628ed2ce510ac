import { Role } from '../users/roles';
import { hasAnyRole, isDistrictAdmin, isUnitInScope } from './access';

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
});
