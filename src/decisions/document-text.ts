// Small pieces of the documents' wording (minutes, decision, certificate), as pure
// functions unit-tested beside.

/**
 * Text closed as a sentence: a full stop is added unless it already ends with one (or with
 * "?", "!", "…"): a reason typed "Điểm dưới ngưỡng 70." ends the conclusion once, not "70..".
 * Closing quotes and brackets after the stop count as its end ("… (Quyết định số 12).").
 */
export function sentence(text: string): string {
  const t = text.trimEnd();
  if (!t) return t;
  return /[.?!…]["”’)\]]*$/.test(t) ? t : `${t}.`;
}

/** "ngày 15 tháng 12 năm 2022" for "2022-12-15". */
export function dateWords(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `ngày ${d} tháng ${m} năm ${y}`;
}

/** The minutes' number as printed: the one recorded, or a blank to fill in by hand. */
export function minutesNumber(number: string | null | undefined): string {
  return number?.trim() || '……/BB-HĐSK';
}
