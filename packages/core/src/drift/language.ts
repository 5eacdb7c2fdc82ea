// A small language detector: script first (Unicode ranges decide CJK, Cyrillic, Arabic, Greek,
// Hebrew, Devanagari, Thai, Hangul, Kana), then, for Latin text, the share of each language's
// most frequent function words. Pure, no model, good enough to see a language mix change; it
// answers "und" (undetermined) for short or ambiguous text rather than guess.

type TLatinLang = "en" | "es" | "fr" | "de" | "pt" | "it" | "nl";

const STOPWORDS: Record<TLatinLang, string[]> = {
  en: [
    "the",
    "and",
    "is",
    "of",
    "to",
    "in",
    "it",
    "you",
    "that",
    "for",
    "with",
    "this",
    "are",
    "my",
    "what",
    "how",
    "can",
    "not",
    "was",
    "have",
    "i",
    "do",
    "on",
    "be",
  ],
  es: [
    "el",
    "la",
    "de",
    "que",
    "y",
    "en",
    "los",
    "las",
    "por",
    "con",
    "una",
    "para",
    "es",
    "del",
    "mi",
    "cómo",
    "qué",
    "no",
    "se",
    "lo",
    "un",
    "al",
    "pero",
    "está",
  ],
  fr: [
    "le",
    "la",
    "les",
    "de",
    "des",
    "et",
    "est",
    "que",
    "une",
    "un",
    "pour",
    "pas",
    "dans",
    "je",
    "vous",
    "il",
    "ce",
    "sur",
    "mon",
    "qui",
    "avec",
    "au",
    "du",
    "comment",
  ],
  de: [
    "der",
    "die",
    "das",
    "und",
    "ist",
    "nicht",
    "ich",
    "zu",
    "den",
    "mit",
    "ein",
    "eine",
    "sie",
    "es",
    "auf",
    "für",
    "von",
    "wie",
    "mein",
    "dem",
    "auch",
    "bitte",
    "kann",
    "wird",
  ],
  pt: [
    "o",
    "a",
    "de",
    "que",
    "e",
    "do",
    "da",
    "em",
    "um",
    "uma",
    "para",
    "com",
    "não",
    "os",
    "as",
    "por",
    "meu",
    "minha",
    "como",
    "é",
    "se",
    "na",
    "no",
    "mais",
  ],
  it: [
    "il",
    "di",
    "che",
    "e",
    "la",
    "un",
    "una",
    "per",
    "non",
    "in",
    "sono",
    "mi",
    "con",
    "come",
    "del",
    "della",
    "lo",
    "gli",
    "le",
    "ho",
    "è",
    "questo",
    "ma",
    "si",
  ],
  nl: [
    "de",
    "het",
    "een",
    "en",
    "van",
    "ik",
    "is",
    "dat",
    "niet",
    "op",
    "te",
    "met",
    "voor",
    "zijn",
    "mijn",
    "hoe",
    "wat",
    "er",
    "maar",
    "om",
    "je",
    "ook",
    "kan",
    "wordt",
  ],
};
const STOP_SETS = Object.fromEntries(Object.entries(STOPWORDS).map(([k, v]) => [k, new Set(v)])) as Record<
  TLatinLang,
  Set<string>
>;

const SCRIPTS: Array<[string, RegExp]> = [
  ["ja", /[\u3040-\u30ff]/u],
  ["ko", /[\uac00-\ud7af\u1100-\u11ff]/u],
  ["zh", /[\u4e00-\u9fff]/u],
  ["ru", /[\u0400-\u04ff]/u],
  ["ar", /[\u0600-\u06ff]/u],
  ["el", /[\u0370-\u03ff]/u],
  ["he", /[\u0590-\u05ff]/u],
  ["hi", /[\u0900-\u097f]/u],
  ["th", /[\u0e00-\u0e7f]/u],
];

export const LANGUAGE_NAMES: Record<string, string> = {
  en: "English",
  es: "Spanish",
  fr: "French",
  de: "German",
  pt: "Portuguese",
  it: "Italian",
  nl: "Dutch",
  ja: "Japanese",
  ko: "Korean",
  zh: "Chinese",
  ru: "Cyrillic (Russian…)",
  ar: "Arabic",
  el: "Greek",
  he: "Hebrew",
  hi: "Devanagari (Hindi…)",
  th: "Thai",
  und: "Undetermined",
};

/** ISO 639-1 code of the text's language, or "und". Reads at most the first 2,000 characters. */
export function detectLanguage(input: string): string {
  const text = input.slice(0, 2000);
  // Script: the non-Latin script with the most letters wins when it is ≥ 30% of the letters.
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length < 3) return "und";
  let best: [string, number] = ["", 0];
  const counts = new Map<string, number>();
  for (const ch of letters) {
    for (const [lang, re] of SCRIPTS) {
      if (re.test(ch)) {
        counts.set(lang, (counts.get(lang) ?? 0) + 1);
        break;
      }
    }
  }
  // Kana marks Japanese even when most characters are shared Han ideographs.
  if ((counts.get("ja") ?? 0) > 0 && (counts.get("ja")! + (counts.get("zh") ?? 0)) / letters.length >= 0.3) return "ja";
  for (const [lang, n] of counts) if (n > best[1]) best = [lang, n];
  if (best[1] / letters.length >= 0.3) return best[0];
  // Latin: stopword hits per language; a winner needs 2 hits and a clear lead over the runner-up.
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length < 3) return "und";
  const scores = (Object.keys(STOP_SETS) as TLatinLang[]).map((lang) => {
    let hits = 0;
    for (const w of words) if (STOP_SETS[lang].has(w)) hits++;
    return [lang, hits] as const;
  });
  scores.sort((a, b) => b[1] - a[1]);
  const [top, second] = scores;
  if (!top || top[1] < 2 || top[1] < (second?.[1] ?? 0) * 1.25) return "und";
  return top[0];
}
