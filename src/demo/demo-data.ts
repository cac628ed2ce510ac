import { UnitKind } from '../units/unit-kinds';
import { Role } from '../users/roles';

/** The password of every demo account. */
export const DEMO_PASSWORD = 'SangKien@2026';

// The demo is illustrative: tỉnh Quảng Trị after 01/07/2025 with its history. The units'
// names follow the 2025 arrangement as published (huyện Vĩnh Linh's communes merged into
// xã Vĩnh Linh, Vĩnh Hoàng, Vĩnh Thủy, Bến Quan and Cửa Tùng); codes are the demo's own,
// not official statistics codes, and only some of the province's communes are listed.

type DemoUnit = { code: string; name: string; kind: UnitKind; parent: string | null };

/** Huyện Vĩnh Linh as it was in 2022–2023, when the recognised initiatives were replicated. */
export const DEMO_UNITS_2022: DemoUnit[] = [
  { code: 'QT', name: 'Tỉnh Quảng Trị', kind: UnitKind.Province, parent: null },
  { code: 'VL', name: 'UBND huyện Vĩnh Linh', kind: UnitKind.District, parent: 'QT' },
  { code: 'VL-VP', name: 'Văn phòng HĐND và UBND huyện', kind: UnitKind.DistrictOffice, parent: 'VL' },
  { code: 'VL-NV', name: 'Phòng Nội vụ', kind: UnitKind.DistrictOffice, parent: 'VL' },
  { code: 'VL-TP', name: 'Phòng Tư pháp', kind: UnitKind.DistrictOffice, parent: 'VL' },
  { code: 'VL-VHTT', name: 'Phòng Văn hóa và Thông tin', kind: UnitKind.DistrictOffice, parent: 'VL' },
  { code: 'VL-HX', name: 'UBND thị trấn Hồ Xá', kind: UnitKind.Township, parent: 'VL' },
  { code: 'VL-TN', name: 'UBND xã Trung Nam', kind: UnitKind.Commune, parent: 'VL' },
  { code: 'VL-VH', name: 'UBND xã Vĩnh Hòa', kind: UnitKind.Commune, parent: 'VL' },
  { code: 'VL-VLO', name: 'UBND xã Vĩnh Long', kind: UnitKind.Commune, parent: 'VL' },
  { code: 'VL-VLA', name: 'UBND xã Vĩnh Lâm', kind: UnitKind.Commune, parent: 'VL' },
  { code: 'VL-VT', name: 'UBND xã Vĩnh Thái', kind: UnitKind.Commune, parent: 'VL' },
  { code: 'VL-VO', name: 'UBND xã Vĩnh Ô', kind: UnitKind.Commune, parent: 'VL' },
  { code: 'VL-VK', name: 'UBND xã Vĩnh Khê', kind: UnitKind.Commune, parent: 'VL' },
];

/** The instruments of 01/07/2025: the communes' arrangement, and the end of the districts. */
export const ARRANGEMENT = { instrument: 'Nghị quyết 1680/NQ-UBTVQH15', effectiveDate: '2025-07-01' };
export const DISTRICTS_END = { instrumentNumber: 'Luật Tổ chức chính quyền địa phương số 72/2025/QH15', instrumentDate: '2025-06-16', instrumentIssuer: 'Quốc hội', effectiveDate: '2025-07-01' };

/** The new communes formed from the demo's old ones on 01/07/2025 (a merger each). */
export const DEMO_MERGERS: { code: string; name: string; from: string[] }[] = [
  { code: 'QT-VLINH', name: 'UBND xã Vĩnh Linh', from: ['VL-HX', 'VL-VLO'] },
  { code: 'QT-VHOANG', name: 'UBND xã Vĩnh Hoàng', from: ['VL-VT', 'VL-TN', 'VL-VH'] },
  { code: 'QT-VTHUY', name: 'UBND xã Vĩnh Thủy', from: ['VL-VLA'] },
  { code: 'QT-BQUAN', name: 'UBND xã Bến Quan', from: ['VL-VO', 'VL-VK'] },
];

/** The district's offices ended with it; their tasks went to the province's departments. */
export const DEMO_OFFICE_TRANSFERS: Record<string, string[]> = {
  'VL-VP': ['QT-VP'],
  'VL-NV': ['QT-SNV'],
  'VL-TP': ['QT-STP'],
  'VL-VHTT': ['QT-SVHTTDL'],
};

/** The province of today: its departments and agencies, and (some of) its communes, wards and special zone. */
export const DEMO_UNITS_2026: (DemoUnit & { since?: string })[] = [
  { code: 'QT-VP', name: 'Văn phòng UBND tỉnh', kind: UnitKind.Agency, parent: 'QT' },
  { code: 'QT-SNV', name: 'Sở Nội vụ', kind: UnitKind.Department, parent: 'QT' },
  { code: 'QT-STP', name: 'Sở Tư pháp', kind: UnitKind.Department, parent: 'QT' },
  { code: 'QT-SKHCN', name: 'Sở Khoa học và Công nghệ', kind: UnitKind.Department, parent: 'QT' },
  { code: 'QT-STC', name: 'Sở Tài chính', kind: UnitKind.Department, parent: 'QT' },
  { code: 'QT-SVHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: UnitKind.Department, parent: 'QT' },
  { code: 'QT-SYT', name: 'Sở Y tế', kind: UnitKind.Department, parent: 'QT' },
  { code: 'QT-SGDDT', name: 'Sở Giáo dục và Đào tạo', kind: UnitKind.Department, parent: 'QT' },
  { code: 'QT-SNNMT', name: 'Sở Nông nghiệp và Môi trường', kind: UnitKind.Department, parent: 'QT' },
  { code: 'QT-SXD', name: 'Sở Xây dựng', kind: UnitKind.Department, parent: 'QT' },
  { code: 'QT-TTHCC', name: 'Trung tâm Phục vụ hành chính công tỉnh', kind: UnitKind.Agency, parent: 'QT' },
  ...(
    [
      ['QT-CTUNG', 'UBND xã Cửa Tùng', UnitKind.Commune],
      ['QT-GLINH', 'UBND xã Gio Linh', UnitKind.Commune],
      ['QT-CVIET', 'UBND xã Cửa Việt', UnitKind.Commune],
      ['QT-CTIEN', 'UBND xã Cồn Tiên', UnitKind.Commune],
      ['QT-TPHONG', 'UBND xã Triệu Phong', UnitKind.Commune],
      ['QT-ATU', 'UBND xã Ái Tử', UnitKind.Commune],
      ['QT-HLANG', 'UBND xã Hải Lăng', UnitKind.Commune],
      ['QT-CLO', 'UBND xã Cam Lộ', UnitKind.Commune],
      ['QT-HGIANG', 'UBND xã Hiếu Giang', UnitKind.Commune],
      ['QT-KSANH', 'UBND xã Khe Sanh', UnitKind.Commune],
      ['QT-LBAO', 'UBND xã Lao Bảo', UnitKind.Commune],
      ['QT-DKRONG', 'UBND xã Đakrông', UnitKind.Commune],
      ['QT-LTHUY', 'UBND xã Lệ Thủy', UnitKind.Commune],
      ['QT-QNINH', 'UBND xã Quảng Ninh', UnitKind.Commune],
      ['QT-BTRACH', 'UBND xã Bố Trạch', UnitKind.Commune],
      ['QT-PNHA', 'UBND xã Phong Nha', UnitKind.Commune],
      ['QT-QTRACH', 'UBND xã Quảng Trạch', UnitKind.Commune],
      ['QT-MHOA', 'UBND xã Minh Hóa', UnitKind.Commune],
      ['QT-THOA', 'UBND xã Tuyên Hóa', UnitKind.Commune],
      ['QT-DHA', 'UBND phường Đông Hà', UnitKind.Ward],
      ['QT-NDHA', 'UBND phường Nam Đông Hà', UnitKind.Ward],
      ['QT-PQTRI', 'UBND phường Quảng Trị', UnitKind.Ward],
      ['QT-DHOI', 'UBND phường Đồng Hới', UnitKind.Ward],
      ['QT-DTHUAN', 'UBND phường Đồng Thuận', UnitKind.Ward],
      ['QT-DSON', 'UBND phường Đồng Sơn', UnitKind.Ward],
      ['QT-BDON', 'UBND phường Ba Đồn', UnitKind.Ward],
      ['QT-BGIANH', 'UBND phường Bắc Gianh', UnitKind.Ward],
      ['QT-CCO', 'UBND đặc khu Cồn Cỏ', UnitKind.SpecialZone],
    ] as [string, string, UnitKind][]
  ).map(([code, name, kind]) => ({ code, name, kind, parent: 'QT', since: ARRANGEMENT.effectiveDate })),
];

// Demo people are invented; the real officials of the story appear only as authors of
// their initiatives, with nothing added about them. `unit` and `position` are those of
// 2022 (the council of that year sat with them); `now` is where each works since
// 01/07/2025, when the district's staff went to the province's departments and the new
// communes.
export const DEMO_USERS: { username: string; fullName: string; position: string; unit: string; roles: Role[]; now: { unit: string; position: string } }[] = [
  { username: 'admin', fullName: 'Hoàng Minh Tuấn', position: 'Chuyên viên Phòng Nội vụ, quản trị hệ thống', unit: 'VL-NV', roles: [Role.DistrictAdmin], now: { unit: 'QT-SNV', position: 'Chuyên viên Sở Nội vụ, quản trị hệ thống' } },
  { username: 'thuky', fullName: 'Phan Thị Hồng Nhung', position: 'Chuyên viên Phòng Nội vụ, thư ký Hội đồng sáng kiến', unit: 'VL-NV', roles: [Role.CouncilSecretary], now: { unit: 'QT-SNV', position: 'Chuyên viên Sở Nội vụ, thư ký Hội đồng sáng kiến tỉnh' } },
  { username: 'hoidong1', fullName: 'Trương Quang Vinh', position: 'Phó Chủ tịch UBND huyện, Chủ tịch Hội đồng', unit: 'VL-VP', roles: [Role.CouncilMember], now: { unit: 'QT-SNV', position: 'Phó Giám đốc Sở Nội vụ, Chủ tịch Hội đồng sáng kiến tỉnh' } },
  { username: 'hoidong2', fullName: 'Đặng Thị Mai Hương', position: 'Trưởng phòng Nội vụ', unit: 'VL-NV', roles: [Role.CouncilMember], now: { unit: 'QT-SKHCN', position: 'Trưởng phòng Quản lý khoa học, Sở Khoa học và Công nghệ' } },
  { username: 'hoidong3', fullName: 'Lý Văn Đức', position: 'Trưởng phòng Tư pháp', unit: 'VL-TP', roles: [Role.CouncilMember], now: { unit: 'QT-STP', position: 'Phó Giám đốc Sở Tư pháp' } },
  { username: 'tacgia', fullName: 'Ngô Thị Thanh Hà', position: 'Công chức Văn phòng - Thống kê', unit: 'VL-VH', roles: [Role.Author], now: { unit: 'QT-VHOANG', position: 'Công chức Văn phòng HĐND và UBND xã' } },
  { username: 'daumoi.vinhhoa', fullName: 'Võ Đức Hạnh', position: 'Công chức Văn phòng - Thống kê, đầu mối CCHC', unit: 'VL-VH', roles: [Role.Author, Role.UnitFocal], now: { unit: 'QT-VHOANG', position: 'Công chức Văn phòng HĐND và UBND xã, đầu mối CCHC' } },
  { username: 'daumoi.vinhthai', fullName: 'Dương Thị Kim Thoa', position: 'Công chức Văn phòng - Thống kê, đầu mối CCHC', unit: 'VL-VT', roles: [Role.Author, Role.UnitFocal], now: { unit: 'QT-VLINH', position: 'Công chức Văn phòng HĐND và UBND xã, đầu mối CCHC' } },
];

/** People who joined with the province of 2026: xã Vĩnh Hoàng's own council and administrator. */
export const DEMO_USERS_2026: { username: string; fullName: string; position: string; unit: string; roles: Role[] }[] = [
  { username: 'quantri.vinhhoang', fullName: 'Lê Thị Thu Trang', position: 'Công chức Văn phòng HĐND và UBND xã, quản trị đơn vị', unit: 'QT-VHOANG', roles: [Role.UnitAdmin] },
  { username: 'thuky.vinhhoang', fullName: 'Nguyễn Văn Phúc', position: 'Công chức Văn hóa - Xã hội, thư ký Hội đồng sáng kiến xã', unit: 'QT-VHOANG', roles: [Role.CouncilSecretary] },
  { username: 'hoidong.vinhhoang1', fullName: 'Hồ Sỹ Thắng', position: 'Phó Chủ tịch UBND xã, Chủ tịch Hội đồng sáng kiến xã', unit: 'QT-VHOANG', roles: [Role.CouncilMember] },
  { username: 'hoidong.vinhhoang2', fullName: 'Trần Thị Lan', position: 'Trưởng phòng Văn hóa - Xã hội', unit: 'QT-VHOANG', roles: [Role.CouncilMember] },
  { username: 'hoidong.vinhhoang3', fullName: 'Mai Xuân Bình', position: 'Trưởng phòng Kinh tế', unit: 'QT-VHOANG', roles: [Role.CouncilMember] },
];
