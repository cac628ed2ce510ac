import { UnitKind } from '../units/unit-kinds';
import { Role } from '../users/roles';

/** The password of every demo account. */
export const DEMO_PASSWORD = 'SangKien@2026';

// Huyện Vĩnh Linh (Quảng Trị) and its units named in the product story, with a few
// district offices. Codes are the demo's own, not official statistics codes.
export const DEMO_UNITS: { code: string; name: string; kind: UnitKind; parent: string | null }[] = [
  { code: 'QT', name: 'Tỉnh Quảng Trị', kind: UnitKind.Province, parent: null },
  { code: 'VL', name: 'UBND huyện Vĩnh Linh', kind: UnitKind.District, parent: 'QT' },
  { code: 'VL-VP', name: 'Văn phòng HĐND và UBND huyện', kind: UnitKind.Agency, parent: 'VL' },
  { code: 'VL-NV', name: 'Phòng Nội vụ', kind: UnitKind.Department, parent: 'VL' },
  { code: 'VL-TP', name: 'Phòng Tư pháp', kind: UnitKind.Department, parent: 'VL' },
  { code: 'VL-VHTT', name: 'Phòng Văn hóa và Thông tin', kind: UnitKind.Department, parent: 'VL' },
  { code: 'VL-HX', name: 'UBND thị trấn Hồ Xá', kind: UnitKind.Commune, parent: 'VL' },
  { code: 'VL-TN', name: 'UBND xã Trung Nam', kind: UnitKind.Commune, parent: 'VL' },
  { code: 'VL-VH', name: 'UBND xã Vĩnh Hòa', kind: UnitKind.Commune, parent: 'VL' },
  { code: 'VL-VLO', name: 'UBND xã Vĩnh Long', kind: UnitKind.Commune, parent: 'VL' },
  { code: 'VL-VLA', name: 'UBND xã Vĩnh Lâm', kind: UnitKind.Commune, parent: 'VL' },
  { code: 'VL-VT', name: 'UBND xã Vĩnh Thái', kind: UnitKind.Commune, parent: 'VL' },
  { code: 'VL-VO', name: 'UBND xã Vĩnh Ô', kind: UnitKind.Commune, parent: 'VL' },
  { code: 'VL-VK', name: 'UBND xã Vĩnh Khê', kind: UnitKind.Commune, parent: 'VL' },
];

// Demo people are invented; the real officials of the story appear only as authors of
// their initiatives, with nothing added about them.
export const DEMO_USERS: { username: string; fullName: string; position: string; unit: string; roles: Role[] }[] = [
  { username: 'admin', fullName: 'Hoàng Minh Tuấn', position: 'Chuyên viên Phòng Nội vụ, quản trị hệ thống', unit: 'VL-NV', roles: [Role.DistrictAdmin] },
  { username: 'thuky', fullName: 'Phan Thị Hồng Nhung', position: 'Chuyên viên Phòng Nội vụ, thư ký Hội đồng sáng kiến', unit: 'VL-NV', roles: [Role.CouncilSecretary] },
  { username: 'hoidong1', fullName: 'Trương Quang Vinh', position: 'Phó Chủ tịch UBND huyện, Chủ tịch Hội đồng', unit: 'VL-VP', roles: [Role.CouncilMember] },
  { username: 'hoidong2', fullName: 'Đặng Thị Mai Hương', position: 'Trưởng phòng Nội vụ', unit: 'VL-NV', roles: [Role.CouncilMember] },
  { username: 'hoidong3', fullName: 'Lý Văn Đức', position: 'Trưởng phòng Tư pháp', unit: 'VL-TP', roles: [Role.CouncilMember] },
  { username: 'tacgia', fullName: 'Ngô Thị Thanh Hà', position: 'Công chức Văn phòng - Thống kê', unit: 'VL-VH', roles: [Role.Author] },
  { username: 'daumoi.vinhhoa', fullName: 'Võ Đức Hạnh', position: 'Công chức Văn phòng - Thống kê, đầu mối CCHC', unit: 'VL-VH', roles: [Role.Author, Role.UnitFocal] },
  { username: 'daumoi.vinhthai', fullName: 'Dương Thị Kim Thoa', position: 'Công chức Văn phòng - Thống kê, đầu mối CCHC', unit: 'VL-VT', roles: [Role.Author, Role.UnitFocal] },
];
