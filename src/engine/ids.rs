//! Random string ids (the API's compute environment, credentials, workflow, action and launch
//! ids) and random run names.

use rand::Rng;
use rand::distr::Alphanumeric;
use rand::seq::IndexedRandom;

/// Compute environment and credentials ids are at most 22 characters in the API.
pub const LONG_ID_LEN: usize = 22;
/// Workflow ids are at most 16 characters in the API.
pub const RUN_ID_LEN: usize = 14;

/// A random id of letters and digits.
pub fn new_id(len: usize) -> String {
    rand::rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

const ADJECTIVES: &[&str] = &[
    "agitated",
    "amazing",
    "angry",
    "awesome",
    "berserk",
    "big",
    "boring",
    "clever",
    "cranky",
    "curious",
    "distracted",
    "drunk",
    "ecstatic",
    "elated",
    "evil",
    "exotic",
    "fabulous",
    "focused",
    "friendly",
    "furious",
    "gigantic",
    "goofy",
    "happy",
    "hopeful",
    "hungry",
    "infallible",
    "jolly",
    "jovial",
    "kickass",
    "lonely",
    "loving",
    "mad",
    "modest",
    "naughty",
    "nice",
    "nostalgic",
    "peaceful",
    "pensive",
    "prickly",
    "reverent",
    "romantic",
    "sad",
    "serene",
    "sharp",
    "shrivelled",
    "sick",
    "silly",
    "sleepy",
    "small",
    "soggy",
    "special",
    "stoic",
    "stupefied",
    "suspicious",
    "tender",
    "thirsty",
    "tiny",
    "trusting",
    "zen",
];

const SCIENTISTS: &[&str] = &[
    "avery",
    "bartik",
    "blackburn",
    "cajal",
    "crick",
    "curie",
    "darwin",
    "elion",
    "franklin",
    "goodall",
    "hodgkin",
    "hopper",
    "jenner",
    "khorana",
    "koch",
    "lamarck",
    "leakey",
    "lovelace",
    "margulis",
    "mcclintock",
    "mendel",
    "meitner",
    "montalcini",
    "noether",
    "nusslein",
    "pasteur",
    "pauling",
    "perutz",
    "sanger",
    "shannon",
    "turing",
    "venter",
    "watson",
    "wilkins",
    "yalow",
];

/// A Nextflow-style run name such as `happy_darwin`.
pub fn random_run_name() -> String {
    let mut rng = rand::rng();
    let adjective = ADJECTIVES.choose(&mut rng).copied().unwrap_or("happy");
    let scientist = SCIENTISTS.choose(&mut rng).copied().unwrap_or("darwin");
    format!("{adjective}_{scientist}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_have_the_api_shape() {
        let id = new_id(RUN_ID_LEN);
        assert_eq!(id.len(), 14);
        assert!(id.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(new_id(LONG_ID_LEN), new_id(LONG_ID_LEN));
        let name = random_run_name();
        assert!(
            crate::domain::launchpad::check_run_name(&name).is_ok(),
            "{name}"
        );
    }
}
