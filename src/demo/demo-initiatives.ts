// Initiatives of the demo. The five recognised in 2022 are those huyện Vĩnh Linh chose to
// replicate in 2023 (PRODUCT.md): titles, authors, positions and units as published;
// the body texts are written for the demo; no personal details are added. Those of 2026
// belong to the communes formed on 01/07/2025.

export interface DemoInitiative {
  code: string | null;
  title: string;
  unit: string;
  field: string;
  status: 'draft' | 'submitted' | 'recognized' | 'under_review';
  round: boolean | '2026';
  year: number;
  firstAppliedDate: string;
  submittedAt?: string;
  problem: string;
  solution: string;
  novelty: string;
  conditions: string;
  applicability: string;
  effects: string;
  authors: { fullName: string; jobTitle: string; workplace: string; share: number; username?: string }[];
  indicators: { name: string; unitOfMeasure: string; before: number; after: number }[];
  createdBy: string;
  publicFile?: { name: string; text: string };
}

const TTHC = 'Cải cách thủ tục hành chính';
const SO = 'Xây dựng và phát triển Chính phủ điện tử, Chính phủ số';

export const DEMO_INITIATIVES: DemoInitiative[] = [
  {
    code: 'SK-2022-0001',
    title: 'Sử dụng tờ rơi tuyên truyền dịch vụ công trực tuyến',
    unit: 'VL-TN',
    field: TTHC,
    status: 'recognized',
    round: true,
    year: 2022,
    firstAppliedDate: '2022-03-01',
    submittedAt: '2022-09-15',
    problem:
      'Nhiều người dân chưa biết đến dịch vụ công trực tuyến, vẫn đến trực tiếp Bộ phận Một cửa để nộp hồ sơ; tỷ lệ hồ sơ nộp trực tuyến của xã thấp so với chỉ tiêu của huyện.',
    solution:
      'Biên soạn tờ rơi ngắn gọn, dễ hiểu hướng dẫn các bước đăng ký tài khoản và nộp hồ sơ trực tuyến cho các thủ tục thường gặp (chứng thực, hộ tịch).\nPhát tờ rơi tại Bộ phận Một cửa, qua các thôn và các buổi sinh hoạt đoàn thể; công chức hướng dẫn trực tiếp khi người dân đến giao dịch.',
    novelty: 'Cách tuyên truyền trực quan, chi phí thấp, gắn với các thủ tục người dân thực hiện nhiều nhất tại xã.',
    conditions: 'Kinh phí in ấn nhỏ; công chức Một cửa nắm vững quy trình nộp hồ sơ trực tuyến.',
    applicability: 'Áp dụng được ở tất cả các xã, thị trấn trong huyện.',
    effects: 'Người dân biết và sử dụng dịch vụ công trực tuyến nhiều hơn; giảm thời gian đi lại và chờ đợi; góp phần thực hiện cải cách hành chính của xã.',
    authors: [{ fullName: 'Nguyễn Minh Thơm', jobTitle: 'Công chức Văn phòng - Thống kê', workplace: 'UBND xã Trung Nam', share: 100 }],
    indicators: [{ name: 'Tỷ lệ hồ sơ nộp trực tuyến', unitOfMeasure: '%', before: 8, after: 35 }],
    createdBy: 'admin',
  },
  {
    code: 'SK-2022-0002',
    title: 'Bộ phận Một cửa xã Vĩnh Hòa hỗ trợ người dân thực hiện các thủ tục hành chính trong lĩnh vực đất đai',
    unit: 'VL-VH',
    field: TTHC,
    status: 'recognized',
    round: true,
    year: 2022,
    firstAppliedDate: '2022-02-15',
    submittedAt: '2022-09-20',
    problem: 'Hồ sơ đất đai phức tạp, người dân thường phải đi lại nhiều lần để bổ sung giấy tờ.',
    solution:
      'Công chức Tư pháp - Hộ tịch và địa chính của Bộ phận Một cửa kiểm tra trước thành phần hồ sơ, hướng dẫn người dân hoàn thiện một lần; lập sổ theo dõi và hẹn trả kết quả rõ ràng.',
    novelty: 'Hướng dẫn một lần, đầy đủ, gắn trách nhiệm cụ thể của từng công chức.',
    conditions: 'Công chức được phân công rõ, nắm vững quy định về đất đai.',
    applicability: 'Các xã có nhiều hồ sơ đất đai.',
    effects: 'Giảm số lần người dân phải bổ sung hồ sơ, giảm hồ sơ trễ hạn.',
    authors: [{ fullName: 'Lê Thanh Hùng', jobTitle: 'Công chức Tư pháp - Hộ tịch', workplace: 'UBND xã Vĩnh Hòa', share: 100 }],
    indicators: [{ name: 'Hồ sơ đất đai phải bổ sung nhiều lần', unitOfMeasure: 'hồ sơ/tháng', before: 24, after: 6 }],
    createdBy: 'daumoi.vinhhoa',
  },
  {
    code: 'SK-2022-0003',
    title:
      'Một số biện pháp nhằm triển khai đồng bộ, hiệu quả hệ thống quản lý văn bản và hồ sơ công việc, ứng dụng chữ ký số trong thực hiện nhiệm vụ tại UBND xã Vĩnh Long',
    unit: 'VL-VLO',
    field: SO,
    status: 'recognized',
    round: true,
    year: 2022,
    firstAppliedDate: '2022-01-10',
    submittedAt: '2022-09-22',
    problem: 'Văn bản còn xử lý trên giấy là chính, chữ ký số đã cấp nhưng ít được sử dụng.',
    solution: 'Quy định mọi văn bản đi, đến được xử lý trên hệ thống quản lý văn bản; ký số toàn bộ văn bản phát hành; tập huấn cho cán bộ, công chức xã.',
    novelty: 'Triển khai đồng bộ ở cấp xã, gắn với kiểm tra việc sử dụng hằng tháng.',
    conditions: 'Có chữ ký số cho lãnh đạo và công chức; đường truyền ổn định.',
    applicability: 'Các xã, thị trấn và cơ quan chuyên môn cấp huyện.',
    effects: 'Tiết kiệm giấy in, rút ngắn thời gian luân chuyển văn bản.',
    authors: [{ fullName: 'Nguyễn Thị Kim Oanh', jobTitle: 'Công chức Văn phòng - Thống kê', workplace: 'UBND xã Vĩnh Long', share: 100 }],
    indicators: [{ name: 'Tỷ lệ văn bản phát hành có ký số', unitOfMeasure: '%', before: 20, after: 95 }],
    createdBy: 'admin',
  },
  {
    code: 'SK-2022-0004',
    title: 'Nâng cao vai trò của Tổ công nghệ số cộng đồng trong việc hỗ trợ người dân nộp hồ sơ trực tuyến, số hóa thành phần hồ sơ và thanh toán trực tuyến',
    unit: 'VL-VLA',
    field: SO,
    status: 'recognized',
    round: true,
    year: 2022,
    firstAppliedDate: '2022-04-01',
    submittedAt: '2022-09-25',
    problem: 'Người dân, nhất là người cao tuổi, lúng túng khi nộp hồ sơ và thanh toán trực tuyến.',
    solution: 'Tổ công nghệ số cộng đồng ở thôn hướng dẫn tận nhà, hỗ trợ chụp, số hóa giấy tờ và thanh toán phí, lệ phí qua ứng dụng.',
    novelty: 'Đưa hỗ trợ đến tận thôn, tận hộ gia đình.',
    conditions: 'Tổ viên có điện thoại thông minh và được tập huấn; có cơ chế hỗ trợ tổ hoạt động.',
    applicability: 'Các xã có Tổ công nghệ số cộng đồng hoạt động.',
    effects: 'Tăng hồ sơ trực tuyến toàn trình và thanh toán trực tuyến.',
    authors: [{ fullName: 'Lê Thị Loan', jobTitle: 'Công chức Văn phòng - Thống kê', workplace: 'UBND xã Vĩnh Lâm', share: 100 }],
    indicators: [{ name: 'Hồ sơ thanh toán phí trực tuyến', unitOfMeasure: 'hồ sơ/quý', before: 5, after: 60 }],
    createdBy: 'admin',
  },
  {
    code: 'SK-2022-0005',
    title: 'Niêm yết, tra cứu thông tin thủ tục hành chính, đăng ký dịch vụ công trực tuyến bằng mã QR Code tại Bộ phận Tiếp nhận và trả kết quả UBND xã Vĩnh Thái',
    unit: 'VL-VT',
    field: TTHC,
    status: 'recognized',
    round: true,
    year: 2022,
    firstAppliedDate: '2022-05-01',
    submittedAt: '2022-09-28',
    problem: 'Bảng niêm yết thủ tục dày, khó tra cứu; người dân không nắm được thành phần hồ sơ trước khi đến.',
    solution: 'Mỗi thủ tục có một mã QR dẫn tới trang hướng dẫn và trang nộp hồ sơ trực tuyến; mã được niêm yết tại Bộ phận Tiếp nhận và trả kết quả và trên trang thông tin của xã.',
    novelty: 'Tra cứu nhanh bằng điện thoại, luôn cập nhật theo thủ tục mới nhất.',
    conditions: 'Người dân có điện thoại thông minh; xã cập nhật mã khi thủ tục thay đổi.',
    applicability: 'Mọi Bộ phận Tiếp nhận và trả kết quả cấp xã, cấp huyện.',
    effects: 'Người dân chuẩn bị đúng hồ sơ ngay từ lần đầu; giảm thời gian hướng dẫn tại quầy.',
    authors: [{ fullName: 'Võ Thị Thu', jobTitle: 'Công chức Tư pháp - Hộ tịch', workplace: 'UBND xã Vĩnh Thái', share: 100 }],
    indicators: [{ name: 'Thời gian hướng dẫn trung bình tại quầy', unitOfMeasure: 'phút/lượt', before: 15, after: 5 }],
    createdBy: 'daumoi.vinhthai',
    publicFile: { name: 'Hướng dẫn tra cứu thủ tục bằng mã QR.pdf', text: 'Huong dan tra cuu thu tuc hanh chinh bang ma QR - UBND xa Vinh Thai (tai lieu mau)' },
  },
  {
    code: null,
    title: 'Số hóa sổ hộ tịch cũ để tra cứu nhanh khi cấp bản sao trích lục',
    unit: 'QT-VHOANG',
    field: SO,
    status: 'draft',
    round: false,
    year: 2026,
    firstAppliedDate: '2026-03-01',
    problem: 'Sổ hộ tịch từ trước năm 2000 của ba xã cũ chỉ có bản giấy, tra cứu mất nhiều thời gian.',
    solution: 'Scan và nhập dữ liệu các sổ hộ tịch cũ vào bảng tra cứu nội bộ, ưu tiên các sổ được tra cứu nhiều.',
    novelty: '',
    conditions: '',
    applicability: '',
    effects: '',
    authors: [
      { fullName: 'Ngô Thị Thanh Hà', jobTitle: 'Công chức Văn phòng HĐND và UBND xã', workplace: 'UBND xã Vĩnh Hoàng', share: 70, username: 'tacgia' },
      { fullName: 'Võ Đức Hạnh', jobTitle: 'Công chức Văn phòng HĐND và UBND xã', workplace: 'UBND xã Vĩnh Hoàng', share: 30, username: 'daumoi.vinhhoa' },
    ],
    indicators: [],
    createdBy: 'tacgia',
  },
  {
    code: 'SK-2026-0001',
    title: 'Hộp thư góp ý điện tử về chất lượng phục vụ của Bộ phận Một cửa xã',
    unit: 'QT-VLINH',
    field: TTHC,
    status: 'submitted',
    round: false,
    year: 2026,
    firstAppliedDate: '2026-01-05',
    submittedAt: '2026-06-10',
    problem: 'Hộp thư góp ý bằng giấy ít được sử dụng; xã không đo được mức độ hài lòng của người dân.',
    solution: 'Đặt mã QR dẫn tới phiếu khảo sát ngắn tại quầy; tổng hợp kết quả hằng tháng và báo cáo tại cuộc họp giao ban.',
    novelty: 'Đo sự hài lòng liên tục, không cần phát phiếu giấy.',
    conditions: 'Có người tổng hợp kết quả hằng tháng.',
    applicability: 'Các xã, phường, đặc khu; các cơ quan có bộ phận tiếp dân.',
    effects: 'Nắm bắt kịp thời ý kiến người dân; tỷ lệ hài lòng tăng.',
    authors: [{ fullName: 'Dương Thị Kim Thoa', jobTitle: 'Công chức Văn phòng HĐND và UBND xã', workplace: 'UBND xã Vĩnh Linh', share: 100, username: 'daumoi.vinhthai' }],
    indicators: [{ name: 'Tỷ lệ người dân hài lòng', unitOfMeasure: '%', before: 85, after: 98.2 }],
    createdBy: 'daumoi.vinhthai',
  },
  {
    code: 'SK-2026-0002',
    title: 'Lịch tiếp nhận hồ sơ lưu động tại các thôn vùng gò đồi',
    unit: 'QT-BQUAN',
    field: TTHC,
    status: 'submitted',
    round: false,
    year: 2026,
    firstAppliedDate: '2025-11-01',
    submittedAt: '2026-07-02',
    problem: 'Người dân các thôn xa trung tâm xã phải đi lại nhiều để nộp hồ sơ; nhiều hộ chưa có điện thoại thông minh.',
    solution: 'Công chức Một cửa tiếp nhận hồ sơ lưu động tại nhà văn hóa thôn theo lịch cố định hai lần mỗi tháng.',
    novelty: 'Đưa dịch vụ đến gần dân ở nơi khó tiếp cận dịch vụ trực tuyến.',
    conditions: 'Bố trí được công chức và phương tiện đi lại.',
    applicability: 'Các xã miền núi, gò đồi.',
    effects: 'Giảm chi phí đi lại cho người dân các thôn xa.',
    authors: [{ fullName: 'Phạm Văn Lực', jobTitle: 'Công chức Văn phòng HĐND và UBND xã', workplace: 'UBND xã Bến Quan', share: 100 }],
    indicators: [],
    createdBy: 'admin',
  },
];

/** In the province's 2026 round, being scored. */
export const DEMO_UNDER_REVIEW: DemoInitiative = {
  code: 'SK-2026-0003',
  title: 'Trả kết quả thủ tục hành chính qua dịch vụ bưu chính công ích tại nhà cho người cao tuổi',
  unit: 'QT-VLINH',
  field: 'Cải cách thủ tục hành chính',
  status: 'under_review',
  round: '2026',
  year: 2026,
  firstAppliedDate: '2026-02-01',
  submittedAt: '2026-07-15',
  problem: 'Người cao tuổi, người khuyết tật khó đi lại để nhận kết quả giải quyết thủ tục.',
  solution: 'Khi nộp hồ sơ, người dân đăng ký nhận kết quả tại nhà; Bộ phận Một cửa chuyển kết quả qua bưu điện, phí do ngân sách xã hỗ trợ cho người từ 75 tuổi.',
  novelty: 'Kết hợp dịch vụ bưu chính công ích với chính sách hỗ trợ phí cho người cao tuổi.',
  conditions: 'Thỏa thuận với bưu điện; kinh phí hỗ trợ nhỏ.',
  applicability: 'Các xã, phường có đông người cao tuổi.',
  effects: 'Người cao tuổi không phải đi lại; kết quả đến đúng hẹn.',
  authors: [{ fullName: 'Trần Thị Minh Nguyệt', jobTitle: 'Công chức Văn phòng HĐND và UBND xã', workplace: 'UBND xã Vĩnh Linh', share: 100 }],
  indicators: [{ name: 'Lượt trả kết quả tại nhà', unitOfMeasure: 'lượt/tháng', before: 0, after: 42 }],
  createdBy: 'admin',
};

/** In xã Vĩnh Hoàng's own 2026 round (cấp cơ sở), being scored by the commune's council. */
export const DEMO_COMMUNE_UNDER_REVIEW: DemoInitiative = {
  code: 'SK-2026-0004',
  title: 'Một đầu mối tiếp nhận và trả kết quả cho người dân ba xã cũ sau sắp xếp',
  unit: 'QT-VHOANG',
  field: 'Cải cách thủ tục hành chính',
  status: 'under_review',
  round: '2026',
  year: 2026,
  firstAppliedDate: '2025-09-01',
  submittedAt: '2026-08-20',
  problem: 'Sau khi ba xã Vĩnh Thái, Trung Nam, Vĩnh Hòa hợp thành xã Vĩnh Hoàng, người dân ở xa trụ sở mới phải đi lại nhiều; hồ sơ cũ nằm ở ba nơi.',
  solution: 'Giữ điểm tiếp nhận tại hai trụ sở cũ theo lịch cố định; hồ sơ được chuyển về Bộ phận Một cửa trong ngày qua hệ thống thông tin giải quyết thủ tục hành chính; kết quả trả tại điểm người dân đã nộp.',
  novelty: 'Người dân nộp và nhận kết quả ở nơi gần nhất mà hồ sơ vẫn được giải quyết tập trung.',
  conditions: 'Có công chức luân phiên tại điểm tiếp nhận và đường truyền ổn định.',
  applicability: 'Các xã, phường hình thành từ nhiều đơn vị cũ.',
  effects: 'Giảm quãng đường đi lại; không hồ sơ nào trễ hẹn vì chuyển giữa các điểm.',
  authors: [{ fullName: 'Ngô Thị Thanh Hà', jobTitle: 'Công chức Văn phòng HĐND và UBND xã', workplace: 'UBND xã Vĩnh Hoàng', share: 100, username: 'tacgia' }],
  indicators: [{ name: 'Quãng đường đi lại trung bình của người dân', unitOfMeasure: 'km', before: 9.5, after: 3 }],
  createdBy: 'tacgia',
};

/** Scores of the 2022 council for the five recognised initiatives (novelty, soundness, applicability, effect). */
export const DEMO_2022_SCORES: Record<string, [number, number, number, number][]> = {
  'SK-2022-0001': [[24, 16, 18, 24], [25, 17, 18, 25], [23, 16, 17, 23]],
  'SK-2022-0002': [[25, 17, 17, 26], [26, 17, 18, 25], [24, 16, 17, 25]],
  'SK-2022-0003': [[26, 18, 18, 27], [27, 18, 19, 27], [25, 17, 18, 26]],
  'SK-2022-0004': [[27, 18, 19, 27], [27.5, 18, 19, 28], [26, 17, 18, 26]],
  'SK-2022-0005': [[28, 18, 19, 28], [27, 18, 19, 27.5], [27, 17, 18, 27]],
};

/** A small valid PDF showing one line of text (ASCII), for demo attachments. */
export function minimalPdf(text: string): Buffer {
  const safe = text.replace(/[()\\]/g, '');
  const stream = `BT /F1 12 Tf 50 780 Td (${safe}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

type Report = [status: string, dateOrReason?: string, explanation?: string];

/**
 * The 2023 programme: how each unit reported on each of the five initiatives (units by
 * code; initiatives by code). Units left out have not reported. Reasons follow what the
 * district found: unsuitable functions, new and weak digital teams, no smart devices in
 * mountain communes, no support policy, too small a budget.
 */
export const DEMO_2023_REPORTS: Record<string, Record<string, Report>> = {
  'SK-2022-0001': {
    'VL-TN': ['adopted', '2022-03-01'], 'VL-VH': ['adopted', '2023-04-03'], 'VL-VT': ['adopted', '2023-03-20'], 'VL-VLA': ['adopted', '2023-05-15'],
    'VL-HX': ['in_progress'], 'VL-VLO': ['planned'], 'VL-VO': ['not_adopted', 'no_budget', 'Kinh phí in tờ rơi chưa được bố trí trong dự toán năm 2023.'],
    'VL-NV': ['not_adopted', 'unsuitable_functions', 'Phòng không trực tiếp tiếp nhận hồ sơ của người dân.'], 'VL-TP': ['not_adopted', 'unsuitable_functions'],
  },
  'SK-2022-0002': {
    'VL-VH': ['adopted', '2022-02-15'], 'VL-TN': ['adopted', '2023-06-01'], 'VL-VT': ['in_progress'], 'VL-HX': ['adopted', '2023-07-10'],
    'VL-VO': ['not_adopted', 'no_staff_skills', 'Chưa có công chức địa chính chuyên trách.'], 'VL-VK': ['planned'],
    'VL-VHTT': ['not_adopted', 'unsuitable_functions'], 'VL-NV': ['not_adopted', 'unsuitable_functions'],
  },
  'SK-2022-0003': {
    'VL-VLO': ['adopted', '2022-01-10'], 'VL-NV': ['adopted', '2023-03-01'], 'VL-TP': ['adopted', '2023-03-15'], 'VL-VP': ['adopted', '2023-02-20'], 'VL-VH': ['adopted', '2023-05-05'],
    'VL-VT': ['adopted', '2023-06-12'], 'VL-HX': ['in_progress'], 'VL-VO': ['not_adopted', 'no_equipment', 'Đường truyền Internet chập chờn, thiếu máy tính.'],
    'VL-VHTT': ['not_adopted', 'already_equivalent', 'Phòng đã dùng hệ thống văn bản của tỉnh.'],
  },
  'SK-2022-0004': {
    'VL-VLA': ['adopted', '2022-04-01'], 'VL-VH': ['in_progress'], 'VL-TN': ['adopted', '2023-08-01'],
    'VL-VO': ['not_adopted', 'no_equipment', 'Thành viên Tổ công nghệ số cộng đồng ở xã miền núi không có điện thoại thông minh.'],
    'VL-VK': ['not_adopted', 'no_policy', 'Chưa có cơ chế hỗ trợ, tổ viên làm việc tình nguyện nên hoạt động cầm chừng.'],
    'VL-VT': ['not_adopted', 'other', 'Tổ công nghệ số cộng đồng mới thành lập, hoạt động chưa hiệu quả.'],
    'VL-NV': ['not_adopted', 'unsuitable_functions'], 'VL-TP': ['not_adopted', 'unsuitable_functions'],
  },
  'SK-2022-0005': {
    'VL-VT': ['adopted', '2022-05-01'], 'VL-VH': ['adopted', '2023-05-10'], 'VL-TN': ['adopted', '2023-04-20'], 'VL-HX': ['adopted', '2023-03-28'], 'VL-VLO': ['in_progress'],
    'VL-VLA': ['planned'], 'VL-VK': ['not_adopted', 'no_budget', 'Kinh phí in và thay mã QR khi thủ tục thay đổi còn thiếu.'],
    'VL-VP': ['not_adopted', 'unsuitable_functions'],
  },
};
