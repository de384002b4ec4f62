//! The language an article is written in, as a BCP 47 tag for the `lang` attribute (so screen
//! readers speak it and browsers hyphenate it): what the page declares, else told from its text
//! (by its script, and for Latin-script languages by their commonest words).

/// A declared language tag as the `lang` attribute takes it ("en_US" -> "en-US"), or `None`
/// when it is not one (empty, too long, or holding other characters).
pub fn tag(declared: &str) -> Option<String> {
    let tag = declared.trim().replace('_', "-");
    let ok = !tag.is_empty()
        && tag.len() <= 35
        && tag
            .split('-')
            .all(|part| !part.is_empty() && part.len() <= 8 && part.chars().all(|c| c.is_ascii_alphanumeric()))
        && tag.split('-').next().is_some_and(|primary| {
            (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic())
        });
    ok.then_some(tag)
}

/// The commonest words of the Latin-script languages news is most often in, short and frequent
/// enough to tell them apart in a paragraph (each list written for newsmark).
const WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "and", "of", "to", "in", "is", "that", "for", "it", "with", "was", "on", "as", "are", "this", "by",
            "have", "from", "they", "said",
        ],
    ),
    (
        "es",
        &[
            "el", "la", "de", "que", "y", "en", "los", "del", "las", "un", "por", "con", "una", "para", "es", "se",
            "al", "como", "más", "pero",
        ],
    ),
    (
        "pt",
        &[
            "o", "a", "de", "que", "e", "do", "da", "em", "um", "para", "com", "não", "uma", "os", "no", "na", "por",
            "mais", "as", "dos",
        ],
    ),
    (
        "fr",
        &[
            "le", "la", "de", "et", "les", "des", "en", "un", "une", "du", "est", "que", "dans", "qui", "pour", "pas",
            "sur", "au", "avec", "il",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "und", "in", "den", "von", "zu", "das", "mit", "sich", "des", "auf", "für", "ist", "im",
            "dem", "nicht", "ein", "eine", "als",
        ],
    ),
    (
        "it",
        &[
            "il", "di", "che", "e", "la", "per", "un", "in", "del", "non", "una", "della", "con", "sono", "le", "si",
            "al", "gli", "anche", "più",
        ],
    ),
    (
        "nl",
        &[
            "de", "het", "een", "van", "en", "in", "is", "dat", "op", "te", "zijn", "voor", "met", "die", "niet",
            "aan", "er", "om", "ook", "als",
        ],
    ),
    (
        "id",
        &[
            "yang", "dan", "di", "ini", "itu", "dengan", "untuk", "dari", "dalam", "tidak", "akan", "pada", "juga",
            "ke", "karena", "ada", "oleh", "atau", "sudah", "bisa",
        ],
    ),
    (
        "sv",
        &[
            "och", "att", "det", "som", "en", "på", "är", "av", "för", "med", "till", "den", "har", "de", "inte", "om",
            "ett", "var", "jag", "men",
        ],
    ),
];

/// The language of a text, if it can be told: by its script, else by its commonest words (at
/// least twenty words, and the best language well ahead of the next).
pub fn detect(text: &str) -> Option<&'static str> {
    let (mut letters, mut kana, mut han, mut hangul) = (0usize, 0usize, 0usize, 0usize);
    let mut scripts = [0usize; 7]; // Cyrillic, Greek, Arabic, Hebrew, Thai, Devanagari, Latin
    for c in text.chars().take(20_000) {
        let n = c as u32;
        if !c.is_alphabetic() {
            continue;
        }
        letters += 1;
        match n {
            0x3040..=0x30FF => kana += 1,
            0x4E00..=0x9FFF | 0x3400..=0x4DBF => han += 1,
            0xAC00..=0xD7AF | 0x1100..=0x11FF => hangul += 1,
            0x0400..=0x04FF => scripts[0] += 1,
            0x0370..=0x03FF => scripts[1] += 1,
            0x0600..=0x06FF => scripts[2] += 1,
            0x0590..=0x05FF => scripts[3] += 1,
            0x0E00..=0x0E7F => scripts[4] += 1,
            0x0900..=0x097F => scripts[5] += 1,
            _ if c.is_ascii_alphabetic() || (0x00C0..=0x024F).contains(&n) => scripts[6] += 1,
            _ => {}
        }
    }
    if letters == 0 {
        return None;
    }
    let most = |n: usize| n * 2 > letters;
    if kana * 10 > letters {
        return Some("ja");
    }
    if most(han + kana) {
        return Some("zh");
    }
    if most(hangul) {
        return Some("ko");
    }
    for (count, lang) in scripts.iter().zip(["ru", "el", "ar", "he", "th", "hi"]) {
        if most(*count) {
            return Some(lang);
        }
    }
    if !most(scripts[6]) {
        return None;
    }
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).take(2_000).map(str::to_lowercase).collect();
    if words.len() < 20 {
        return None;
    }
    let mut scores: Vec<(usize, &'static str)> =
        WORDS.iter().map(|(lang, list)| (words.iter().filter(|w| list.contains(&w.as_str())).count(), *lang)).collect();
    scores.sort_by_key(|s| std::cmp::Reverse(s.0));
    let (best, lang) = scores[0];
    let next = scores[1].0;
    (best * 10 >= words.len() && best * 2 > next * 3).then_some(lang)
}

#[cfg(test)]
mod tests {
    use super::{detect, tag};

    #[test]
    fn declared_tags_are_kept_as_the_lang_attribute_takes_them() {
        assert_eq!(tag("en_US").as_deref(), Some("en-US"));
        assert_eq!(tag(" pt-BR ").as_deref(), Some("pt-BR"));
        assert_eq!(tag("zh-Hant-TW").as_deref(), Some("zh-Hant-TW"));
        for bad in ["", "english please", "e", "en-", "<script>", "12-ab"] {
            assert_eq!(tag(bad), None, "{bad}");
        }
    }

    #[test]
    fn languages_are_told_from_their_text() {
        let cases = [
            ("en", "The council said on Monday that the new budget, which was approved after a long debate, would keep every library open and that bus fares are to stay as they are for the year."),
            ("es", "El gobierno anunció el lunes que el nuevo presupuesto, que fue aprobado después de un largo debate, mantendrá abiertas todas las bibliotecas y que las tarifas del autobús no subirán por ahora."),
            ("pt", "O governo anunciou na segunda-feira que o novo orçamento, que foi aprovado depois de um longo debate, vai manter todas as bibliotecas abertas e que as tarifas do ônibus não vão subir."),
            ("fr", "Le conseil a annoncé lundi que le nouveau budget, qui a été approuvé après un long débat, permettra de garder toutes les bibliothèques ouvertes et que le prix des billets de bus ne changera pas."),
            ("de", "Der Rat teilte am Montag mit, dass der neue Haushalt, der nach einer langen Debatte beschlossen wurde, alle Bibliotheken offen halten wird und dass die Preise für den Bus nicht steigen."),
            ("id", "Pemerintah mengumumkan pada hari Senin bahwa anggaran yang baru, yang disetujui setelah perdebatan panjang, akan membuat semua perpustakaan tetap buka dan tarif bus tidak akan naik untuk tahun ini karena sudah diputuskan oleh dewan."),
            ("ja", "市議会は月曜日、長い議論の末に承認された新しい予算によって、すべての図書館が開館を続けると発表した。"),
            ("ru", "Городской совет в понедельник объявил, что новый бюджет, принятый после долгих споров, сохранит все библиотеки открытыми."),
        ];
        for (lang, text) in cases {
            assert_eq!(detect(text), Some(lang), "{text}");
        }
        assert_eq!(detect("Too short to tell."), None);
        assert_eq!(detect("12 34 56"), None);
    }
}
