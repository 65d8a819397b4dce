// Thai first, English on a switch: the pages' words in both, and the API's own two languages picked the same way.
import { state } from './state.js';

const TEXT = {
  th: {
    login: 'เข้าสู่ระบบ', username: 'ชื่อผู้ใช้', password: 'รหัสผ่าน', logout: 'ออกจากระบบ',
    changePassword: 'เปลี่ยนรหัสผ่าน', currentPassword: 'รหัสผ่านปัจจุบัน', newPassword: 'รหัสผ่านใหม่', atLeast: 'อย่างน้อย', characters: 'ตัวอักษร',
    mustChange: 'ต้องเปลี่ยนรหัสผ่านก่อนใช้งานครั้งแรก', home: 'หน้าหลัก', phase: 'ช่วงเวลาปัจจุบัน', closesIn: 'ปิดในอีก',
    noPhase: 'ขณะนี้ไม่มีช่วงเวลาที่เปิดสำหรับบทบาทของท่าน', actions: 'สิ่งที่ทำได้ตอนนี้', open: 'เปิด', closed: 'ปิด',
    upload: 'ส่งไฟล์ข้อมูล', roll: 'รายชื่อนักเรียน', rollDmc: 'ดาวน์โหลดรายชื่อ (รูปแบบ DMC)', existence: 'ยืนยันการมีตัวตน', buildings: 'ข้อมูลอาคาร',
    templates: 'แบบฟอร์ม', director: 'รับรองข้อมูล', area: 'ติดตามโรงเรียน', obec: 'สพฐ.',
    kind: 'ประเภทข้อมูล', file: 'ไฟล์ (.xlsx .xls .csv)', dryRun: 'ตรวจสอบก่อน (ยังไม่บันทึก)', send: 'ส่งและบันทึก',
    sending: 'กำลังส่งไฟล์', working: 'เซิร์ฟเวอร์กำลังตรวจสอบ', result: 'ผลการตรวจสอบ', errors: 'ข้อผิดพลาด', warnings: 'คำเตือน',
    rows: 'แถวใน Excel', errorWorkbook: 'ดาวน์โหลดไฟล์แสดงข้อผิดพลาด', fixAndResend: 'แก้ไขไฟล์แล้วส่งใหม่ได้เลย',
    certificateTitle: 'แบบรับรองข้อมูลการมีตัวตนของนักเรียน ณ วันที่', confirmedAt: 'ยืนยันข้อมูลครั้งล่าสุด',
    signature: 'ลงชื่อ', directorTitle: 'ผู้อำนวยการโรงเรียน', date: 'วันที่', print: 'พิมพ์', certificate: 'แบบรับรอง',
    roomsBySex: 'จำนวนนักเรียนจำแนกตามชั้น ห้อง และเพศ', rooms: 'ห้อง', male: 'ชาย', female: 'หญิง', total: 'รวม',
    grade: 'ชั้น', room: 'ห้อง', filter: 'กรอง', all: 'ทั้งหมด', students: 'นักเรียน', active: 'นักเรียนทั้งหมด',
    present: 'มีตัวตน', notPresent: 'ไม่มีตัวตน', unanswered: 'ยังไม่ยืนยัน', confirmRoom: 'ยืนยันทั้งห้องว่ามีตัวตน',
    markAbsent: 'บันทึกว่าไม่มีตัวตน', reason: 'เหตุผล', student: 'นักเรียน', remaining: 'เหลือที่ยังไม่ยืนยัน',
    certify: 'รับรองข้อมูลการมีตัวตน', certified: 'รับรองแล้ว', notCertified: 'ยังไม่รับรอง', counts: 'จำนวนนักเรียน',
    progress: 'ความคืบหน้าของโรงเรียน', state: 'สถานะ', school: 'โรงเรียน', acknowledge: 'รับทราบการรายงานข้อมูล',
    areaWorkbook: 'ดาวน์โหลดรายงานของ สพท.', buildingSummary: 'ดาวน์โหลดสรุปข้อมูลอาคาร', duplicates: 'นักเรียนที่อาจซ้ำซ้อน',
    reopen: 'เปิดให้โรงเรียนแก้ไข', reopenReason: 'เหตุผลที่เปิดให้แก้ไข', accounts: 'บัญชีผู้ใช้ของโรงเรียน',
    bulkAccounts: 'สร้างบัญชีจากไฟล์', closeRound: 'ปิดระบบรอบนี้', force: 'ปิดโดยไม่รอ สพท. ที่ยังไม่รับทราบ',
    registry: 'นำเข้าทะเบียนโรงเรียน', subsidy: 'รายงานเงินอุดหนุน', exchange: 'ไฟล์ Exchange', national: 'รายงานระดับประเทศ',
    audit: 'ค้นหาประวัติการทำงาน', search: 'ค้นหา', busy: 'ระบบมีผู้ใช้งานมาก จะลองส่งอีกครั้งเองใน', seconds: 'วินาที',
    done: 'เรียบร้อย', confirmBuildings: 'ยืนยันข้อมูลอาคาร', notStarted: 'ยังไม่เริ่ม', confirming: 'กำลังยืนยัน',
    drill: 'นาฬิกาซ้อม', loading: 'กำลังโหลด…', areaCode: 'รหัส สพท.', schoolCode: 'รหัสโรงเรียน',
    disable: 'ระงับบัญชี', reset: 'ตั้งรหัสผ่านใหม่', initialPassword: 'รหัสผ่านเริ่มต้น (แสดงครั้งเดียว)',
    sheetsRead: 'แผ่นงานที่อ่าน', sheetsNotRead: 'แผ่นงานที่ไม่ได้อ่าน (ไม่พบหัวตาราง)',
    rowsRead: 'อ่าน', rowsValid: 'ถูกต้อง', rowsInvalid: 'ผิดพลาด', inserted: 'เพิ่ม', updated: 'แก้ไข', unchanged: 'ไม่เปลี่ยน',
    asTable: 'ดูเป็นตาราง', schoolsCount: 'จำนวนโรงเรียน', time: 'เวลา', answersPerQuarter: 'การยืนยันการมีตัวตนต่อ 15 นาที',
    schoolsByState: 'โรงเรียนตามสถานะ', areasBehind: 'สพท. เรียงจากที่รับรองครบน้อยที่สุด', areaName: 'สพท.',
    next: 'หน้าถัดไป', findStudent: 'ค้นหานักเรียน (ชื่อ นามสกุล เลขประจำตัวประชาชน หรือเลขประจำตัวนักเรียน)',
  },
  en: {
    login: 'Log in', username: 'Username', password: 'Password', logout: 'Log out',
    changePassword: 'Change password', currentPassword: 'Current password', newPassword: 'New password', atLeast: 'at least', characters: 'characters',
    mustChange: 'Change your password before first use', home: 'Home', phase: 'Current phase', closesIn: 'Closes in',
    noPhase: 'No phase is open for your role now', actions: 'What you can do now', open: 'open', closed: 'closed',
    upload: 'Upload', roll: 'Roll', rollDmc: 'Download the roll (DMC layout)', existence: 'Existence', buildings: 'Buildings',
    templates: 'Templates', director: 'Certify', area: 'Schools', obec: 'OBEC',
    kind: 'Kind of data', file: 'File (.xlsx .xls .csv)', dryRun: 'Check first (nothing saved)', send: 'Send and save',
    sending: 'Uploading', working: 'The server is checking', result: 'Result', errors: 'Errors', warnings: 'Warnings',
    rows: 'Excel rows', errorWorkbook: 'Download the errors workbook', fixAndResend: 'Fix the file and send it again',
    certificateTitle: 'Certification of the students\' existence as of', confirmedAt: 'Last confirmed',
    signature: 'Signed', directorTitle: 'School director', date: 'Date', print: 'Print', certificate: 'Certificate',
    roomsBySex: 'Students by grade, room and sex', rooms: 'rooms', male: 'Male', female: 'Female', total: 'Total',
    grade: 'Grade', room: 'Room', filter: 'Filter', all: 'All', students: 'Students', active: 'Students',
    present: 'Present', notPresent: 'Not present', unanswered: 'Unanswered', confirmRoom: 'Confirm the whole room present',
    markAbsent: 'Mark not present', reason: 'Reason', student: 'Student', remaining: 'Still unanswered',
    certify: 'Certify existence', certified: 'Certified', notCertified: 'Not certified', counts: 'Counts',
    progress: 'Schools\u2019 progress', state: 'State', school: 'School', acknowledge: 'Acknowledge the schools\u2019 reports',
    areaWorkbook: 'Download the area workbook', buildingSummary: 'Download the building summary', duplicates: 'Possible duplicates',
    reopen: 'Reopen for the school', reopenReason: 'Reason for reopening', accounts: 'School accounts',
    bulkAccounts: 'Create accounts from a workbook', closeRound: 'Close this round', force: 'Close without waiting for the areas',
    registry: 'Import the school registry', subsidy: 'Subsidy report', exchange: 'Exchange file', national: 'National workbook',
    audit: 'Audit search', search: 'Search', busy: 'The system is busy; trying again by itself in', seconds: 'seconds',
    done: 'Done', confirmBuildings: 'Confirm building records', notStarted: 'Not started', confirming: 'Confirming',
    drill: 'drill clock', loading: 'Loading…', areaCode: 'Area code', schoolCode: 'School code',
    disable: 'Disable', reset: 'New password', initialPassword: 'Initial password (shown once)',
    sheetsRead: 'sheets read', sheetsNotRead: 'sheets not read (no header row)',
    rowsRead: 'read', rowsValid: 'valid', rowsInvalid: 'invalid', inserted: 'inserted', updated: 'updated', unchanged: 'unchanged',
    asTable: 'As a table', schoolsCount: 'Schools', time: 'Time', answersPerQuarter: 'Existence answers per 15 minutes',
    schoolsByState: 'Schools by state', areasBehind: 'Areas, the least certified first', areaName: 'Area',
    next: 'Next page', findStudent: 'Find a student (first or last name, citizen ID or student number)',
  },
};
/** A word of the pages in the chosen language. */
export const t = (key) => TEXT[state.lang][key] ?? key;

/** Of a Thai and an English text (an API's detailTh and detail, say), the chosen language's, else the other. */
export const pick = (th, en) => (state.lang === 'th' ? (th || en) : (en || th));

/**
 * A moment as a person reads it, in Bangkok time: "10 พ.ย. 2566 09:14 น." in Thai (the Buddhist era), "10 Nov 2023,
 * 09:14" in English. The API keeps ISO; only the pages write it this way. Anything that is not a date is shown as it is.
 */
export function when(iso) {
  const d = iso ? new Date(iso) : null;
  if (!d || Number.isNaN(d.getTime())) return iso ?? '';
  const options = { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Bangkok' };
  return state.lang === 'th'
    ? `${new Intl.DateTimeFormat('th-TH-u-ca-buddhist', options).format(d).replace(',', '')} น.`
    : new Intl.DateTimeFormat('en-GB', options).format(d);
}
