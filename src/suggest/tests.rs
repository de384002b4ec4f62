use super::*;

fn check(sentence: &str, expected: Option<(Tag, &str)>) {
    let got = propose_sentence(sentence).map(|p| (p.tag, p.reason));
    assert_eq!(got.as_ref().map(|(t, r)| (t.clone(), r.as_str())), expected, "{sentence}");
}

#[test]
fn accusations_name_their_cue_and_target() {
    check(
        "Washington accused Beijing of stealing American models.",
        Some((Tag::Accusation, "accusation: ‘accused … of’, target: Beijing")),
    );
    check(
        "The mayor was accused of hiding the report from the council.",
        Some((Tag::Accusation, "accusation: ‘accused of’")),
    );
    check(
        "Senator Ruth Okafor was blamed for the delay by her colleagues.",
        Some((Tag::Accusation, "accusation: ‘blamed for’, target: Senator Ruth Okafor")),
    );
}

#[test]
fn attribution_comes_before_the_words_of_judgement() {
    check("The report argues that the talks matter.", Some((Tag::Claim, "attributed claim: ‘The report argues’")));
    check("“It is a shameful deal,” the union said.", Some((Tag::Claim, "attributed claim: ‘the union said’")));
}

#[test]
fn figures_make_checkable_claims() {
    check(
        "About 5,500 teachers quit the state's schools last year.",
        Some((Tag::Claim, "checkable claim: figure ‘5,500’")),
    );
    check("Unemployment rose to 4.2 percent in March.", Some((Tag::Claim, "checkable claim: figure ‘4.2 percent’")));
}
