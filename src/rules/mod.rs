//! The training errors runrisk looks for. Each rule lives in its own file,
//! owns its thresholds (their defaults, their validation and their tests),
//! reads one week of a `Timeline` and returns findings with their numbers
//! and advice. `registry!` below is the single list: adding a rule means one
//! new file, one line there and one section in docs/rules.md; the
//! thresholds file, `runrisk rules`, the report's colours and legends and
//! the tests' lists of ids all come from it.

pub use long_run_spike::long_run_ceiling;
pub use mileage_spike::next_week_ceiling;

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::analysis::calendar::Definitions;
use crate::analysis::phases::BreakLimits;
use crate::analysis::{RunFacts, Timeline, WeekMetrics};
use crate::error::{Error, Result};
use crate::model::{Evidence, Finding, Load, Run, Severity, Strength, Units, Week};

/// One training error.
pub trait Rule: Sync {
    /// The stable id of DESIGN.md, e.g. `mileage_spike`.
    fn id(&self) -> &'static str;
    /// A short name for people, as the report's legend shows it.
    fn title(&self) -> &'static str;
    /// The cause of heavy legs it stands for, in the article's words.
    fn cause(&self) -> &'static str;
    /// How strong the evidence behind it is, with references.
    fn evidence(&self) -> &'static str;
    /// The grade of that evidence, which sets the points its findings score.
    fn strength(&self) -> Strength;
    /// Its thresholds in words, with the values in force.
    fn thresholds(&self, limits: &Thresholds) -> String;
    /// The severities its findings can have, for the points `rules` lists.
    fn severities(&self) -> &'static [Severity] {
        &[Severity::Warning, Severity::Alert]
    }
    /// Looks at one week and adds what it finds to `out`.
    fn check(&self, week: &WeekView, out: &mut Vec<Finding>) -> Verdict;
}

/// A rule's thresholds, as its `[section]` of the thresholds file holds them.
pub trait RuleLimits {
    /// Why these values cannot work together, if they cannot.
    fn validate(&self) -> std::result::Result<(), String>;
    /// A rule without thresholds has no section to write.
    fn is_empty(&self) -> bool {
        false
    }
}

/// The thresholds of a rule that has none.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoLimits {}

impl RuleLimits for NoLimits {
    fn validate(&self) -> std::result::Result<(), String> {
        Ok(())
    }

    fn is_empty(&self) -> bool {
        true
    }
}

/// Whether a rule could judge a week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Checked,
    /// The rule needs more of the past than the log holds before this week.
    InsufficientHistory,
}

/// Declares each rule's module, the `RULES` list and the `Thresholds`
/// struct (one section per rule, named by its id) from one list.
macro_rules! registry {
    ($($id:ident: $rule:ident),* $(,)?) => {
        $(mod $id;)*

        /// Every rule, in the order they are listed and reported.
        pub static RULES: &[&dyn Rule] = &[$(&$id::$rule),*];

        /// Every threshold of every rule, and what a break is; `--config
        /// FILE` overrides any of them.
        #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct Thresholds {
            /// What a break is, and the ramp back from one.
            pub breaks: BreakLimits,
            $(
                #[serde(skip_serializing_if = "RuleLimits::is_empty")]
                pub $id: $id::Limits,
            )*
        }

        impl Thresholds {
            /// Every section's own checks, the first failure first.
            fn validate(&self) -> std::result::Result<(), String> {
                self.breaks.validate()?;
                $(RuleLimits::validate(&self.$id)?;)*
                Ok(())
            }
        }
    };
}

registry! {
    mileage_spike: MileageSpike,
    long_run_spike: LongRunSpike,
    no_rest: NoRest,
    no_strength_work: NoStrengthWork,
    hard_surface: HardSurface,
    worn_shoes: WornShoes,
    high_intensity: HighIntensity,
    frequent_hills: FrequentHills,
    frequent_sprints: FrequentSprints,
    no_warmup: NoWarmup,
    see_doctor: SeeDoctor,
    heavy_legs: HeavyLegs,
    running_injured: RunningInjured,
}

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.id() == id)
}

impl Thresholds {
    /// Reads thresholds from TOML; what the file leaves out keeps its default.
    pub fn from_toml(text: &str, path: &Path) -> Result<Thresholds> {
        let config_error = |message: String| Error::Config {
            path: path.to_path_buf(),
            message: format!("{message}; see `runrisk rules` for the names and defaults"),
        };
        // The parser quotes the line at fault whole; a line of a damaged
        // file can be megabytes, so it is cut here, before it is kept.
        let parse_error = |e: toml::de::Error| {
            let message = e.to_string();
            config_error(crate::words::shown_lines(
                message.trim_end(),
                crate::words::QUOTED_LINE_CHARS,
            ))
        };
        let limits: Thresholds = toml::from_str(text).map_err(parse_error)?;
        limits.validate().map_err(config_error)?;
        Ok(limits)
    }

    /// What the timeline is built with: what makes a hard or a hill
    /// session, the load, and what a break is.
    pub fn definitions(&self, load: Load) -> Definitions {
        Definitions {
            hard_pace_margin: self.high_intensity.hard_pace_margin,
            hill_climb_m_per_km: self.frequent_hills.climb_m_per_km,
            load,
            breaks: self.breaks,
        }
    }
}

/// A warning threshold above zero and no higher than its alert threshold.
pub fn check_pair(section: &str, warning: f64, alert: f64) -> std::result::Result<(), String> {
    // Written so that NaN fails too.
    if warning > 0.0 && alert >= warning && alert.is_finite() {
        Ok(())
    } else {
        Err(format!(
            "[{section}]: the warning threshold ({warning}) must be above 0 and no higher than the alert threshold ({alert})"
        ))
    }
}

/// A share from 0 to 1.
pub fn check_share(section: &str, name: &str, share: f64) -> std::result::Result<(), String> {
    if (0.0..=1.0).contains(&share) {
        Ok(())
    } else {
        Err(format!(
            "[{section}] {name} = {share}: a share must be from 0 to 1 (0.7 is 70%)"
        ))
    }
}

/// A finite number above 0.
pub fn check_positive(section: &str, name: &str, value: f64) -> std::result::Result<(), String> {
    // Written so that NaN fails too.
    if value > 0.0 && value.is_finite() {
        Ok(())
    } else {
        Err(format!(
            "[{section}] {name} = {value}: it must be a number above 0"
        ))
    }
}

/// A multiple of what came before, 1 or more.
pub fn check_multiple(section: &str, warning: f64) -> std::result::Result<(), String> {
    if warning >= 1.0 {
        Ok(())
    } else {
        Err(format!(
            "[{section}] warning = {warning}: a spike is a multiple of what came before, so it must be 1 or more (1.3 is 30% more)"
        ))
    }
}

/// Whether findings get their message and advice. Words are most of the
/// work of a finding, and only the commands that print findings read
/// them: `weeks` prints their rules and severities, so on a club's log it
/// asks for findings without words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wording {
    Worded,
    /// Message and advice left empty; everything else as worded.
    Unworded,
}

/// One week as a rule sees it.
pub struct WeekView<'a> {
    pub timeline: &'a Timeline,
    pub index: usize,
    pub limits: &'a Thresholds,
    /// Units that messages and advice use.
    pub units: Units,
    pub wording: Wording,
}

impl WeekView<'_> {
    pub fn metrics(&self) -> &WeekMetrics {
        &self.timeline.weeks[self.index]
    }

    pub fn runs(&self) -> impl Iterator<Item = (&Run, &RunFacts)> {
        self.timeline.runs_in(self.metrics())
    }

    /// The week's rows that are not runs (strength, core, rest days ...).
    pub fn sessions(&self) -> impl Iterator<Item = &Run> {
        self.timeline.sessions[self.metrics().sessions.clone()].iter()
    }

    /// Every row, runs and other sessions, dated from `from` up to but not
    /// including `to`.
    pub fn rows_between(&self, from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = &Run> {
        let timeline = self.timeline;
        let slice = |rows: &'_ [Run]| {
            let start = rows.partition_point(|r| r.date < from);
            let end = rows.partition_point(|r| r.date < to);
            start..end.max(start)
        };
        let runs = slice(&timeline.runs);
        let sessions = slice(&timeline.sessions);
        timeline.runs[runs]
            .iter()
            .chain(timeline.sessions[sessions].iter())
    }

    /// The findings at warning or above of this week and the week before,
    /// among those already found (the rules listed before the caller).
    pub fn recent_errors<'f>(&self, found: &'f [Finding]) -> Vec<&'f Finding> {
        let this = self.metrics().week;
        let before = self
            .index
            .checked_sub(1)
            .map(|i| self.timeline.weeks[i].week);
        found
            .iter()
            .rev()
            .take_while(|f| f.week == this || Some(f.week) == before)
            .filter(|f| f.severity >= Severity::Warning && f.athlete == self.timeline.athlete)
            .collect()
    }

    /// The weeks before this one, oldest first.
    pub fn weeks_before(&self) -> &[WeekMetrics] {
        &self.timeline.weeks[..self.index]
    }

    /// A distance in the user's units, one decimal.
    pub fn distance(&self, km: f64) -> String {
        self.units.format_km(km)
    }

    /// A shoe's distance in the user's units, whole and rounded down.
    pub fn shoe_distance(&self, km: f64) -> String {
        self.units.format_shoe_km(km)
    }

    /// A limit not to go over in the user's units, rounded down.
    pub fn limit(&self, km: f64) -> String {
        self.units.format_limit_km(km)
    }

    /// An amount of the timeline's load: a distance in the user's units,
    /// minutes, or session-RPE units.
    pub fn load(&self, value: f64) -> String {
        match self.timeline.load {
            Load::Distance => self.distance(value),
            Load::Time => format!("{value:.0} min"),
            Load::Srpe => format!("{value:.0} AU of session-RPE"),
        }
    }

    /// A limit of the timeline's load not to go over, rounded down.
    pub fn load_limit(&self, value: f64) -> String {
        match self.timeline.load {
            Load::Distance => self.limit(value),
            _ => self.load((value + 1e-9).floor()),
        }
    }

    /// A pace in the user's units, `m:ss/km`.
    pub fn pace(&self, seconds_per_km: f64) -> String {
        let per_unit = self.units.to_km(seconds_per_km);
        let total = per_unit.round() as i64;
        format!(
            "{}:{:02}/{}",
            total / 60,
            total % 60,
            self.units.abbreviation()
        )
    }

    /// Starts a finding of `rule` in this week.
    pub fn finding(
        &self,
        rule: &dyn Rule,
        severity: Severity,
        date: Option<NaiveDate>,
        message: impl FnOnce() -> String,
        advice: impl FnOnce() -> String,
    ) -> Finding {
        let (message, advice) = match self.wording {
            Wording::Worded => (message(), advice()),
            Wording::Unworded => (String::new(), String::new()),
        };
        Finding {
            athlete: self.timeline.athlete.clone(),
            week: self.metrics().week,
            date,
            rule: rule.id(),
            severity,
            cause: rule.cause(),
            message,
            advice,
            evidence: Evidence::default(),
            evidence_grade: rule.evidence(),
        }
    }
}

/// What to do after a race: easy days, then when to build again.
pub fn recovery_advice(week: &WeekView, race: &Run) -> String {
    let days = crate::analysis::phases::recovery_days(race.distance_km);
    let build_from = race.date + chrono::Duration::days(i64::from(days) + 1);
    format!(
        "Recover with {days} easy days after your {} race: short easy runs or rest, no hard \
         session and no long run. Then build again from {}, starting below your usual week.",
        week.distance(race.distance_km),
        day(build_from)
    )
}

/// Adds numbers to a finding's evidence, rounded to what means something.
pub fn with_evidence(mut finding: Finding, numbers: &[(&'static str, f64)]) -> Finding {
    for (name, value) in numbers {
        finding.evidence.push(name, *value);
    }
    finding
}

/// The severity a value earns by going over (strictly) a warning and an alert threshold.
pub fn grade_above(value: f64, warning: f64, alert: f64) -> Option<Severity> {
    if value > alert {
        Some(Severity::Alert)
    } else if value > warning {
        Some(Severity::Warning)
    } else {
        None
    }
}

/// A distance in km rounded down to a tenth, as advice gives it.
pub fn floor_tenth(km: f64) -> f64 {
    (km * 10.0 + 1e-9).floor() / 10.0
}

/// The largest tenth of a km strictly under `km`: advice that reaching a
/// limit would break stays under it.
pub fn tenth_below(km: f64) -> f64 {
    let floored = floor_tenth(km);
    if floored >= km - 1e-9 {
        floored - 0.1
    } else {
        floored
    }
}

/// The severity a value earns by reaching a warning and an alert threshold.
pub fn grade(value: f64, warning: f64, alert: f64) -> Option<Severity> {
    if value >= alert {
        Some(Severity::Alert)
    } else if value >= warning {
        Some(Severity::Warning)
    } else {
        None
    }
}

/// The text with its first letter in upper case.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Weekdays as `%a` writes them, from Monday.
const WEEKDAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
/// Months as `%b` writes them, from January.
const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
/// The longest short day name: `Wed 22 Feb`.
const DAY_TEXT_LEN: usize = 10;

/// The day of the week of a date, as `%a` writes it: `Sat`.
pub fn weekday_name(date: NaiveDate) -> &'static str {
    use chrono::Datelike;
    WEEKDAY_NAMES[date.weekday().num_days_from_monday() as usize]
}

/// A short day name for messages: `Sat 22 Feb`, as `%a %-d %b` writes it,
/// without parsing a format for each of the many days a club's findings name.
pub fn day(date: NaiveDate) -> String {
    let mut text = String::with_capacity(DAY_TEXT_LEN);
    push_day(&mut text, date);
    text
}

fn push_day(text: &mut String, date: NaiveDate) {
    use chrono::Datelike;
    text.push_str(weekday_name(date));
    text.push(' ');
    let day_of_month = date.day();
    if day_of_month >= 10 {
        text.push(char::from(b'0' + (day_of_month / 10) as u8));
    }
    text.push(char::from(b'0' + (day_of_month % 10) as u8));
    text.push(' ');
    text.push_str(MONTH_NAMES[date.month0() as usize]);
}

/// Two days as a span, `Sun 2 Feb to Sun 9 Feb`, with the years when they
/// differ (`Wed 1 Nov 2023 to Sun 4 Aug 2024`), so a long span is not read
/// as a few months.
pub fn day_span(first: NaiveDate, last: NaiveDate) -> String {
    use chrono::Datelike;
    if first.year() == last.year() {
        let mut text = String::with_capacity(2 * DAY_TEXT_LEN + 4);
        push_day(&mut text, first);
        text.push_str(" to ");
        push_day(&mut text, last);
        text
    } else {
        format!(
            "{} to {}",
            first.format("%a %-d %b %Y"),
            last.format("%a %-d %b %Y")
        )
    }
}

/// What the rules found in one athlete's timeline.
#[derive(Debug, Clone, Default)]
pub struct RuleResults {
    pub findings: Vec<Finding>,
    /// For each week, the rules that could not judge it for lack of history.
    pub insufficient_history: Vec<(Week, Vec<&'static str>)>,
}

/// Runs every rule over every week of a timeline.
pub fn check_all(
    timeline: &Timeline,
    limits: &Thresholds,
    units: Units,
    wording: Wording,
) -> RuleResults {
    let mut results = RuleResults::default();
    for index in 0..timeline.weeks.len() {
        let view = WeekView {
            timeline,
            index,
            limits,
            units,
            wording,
        };
        let mut silent = Vec::new();
        for rule in RULES {
            if rule.check(&view, &mut results.findings) == Verdict::InsufficientHistory {
                silent.push(rule.id());
            }
        }
        if !silent.is_empty() {
            results
                .insufficient_history
                .push((view.metrics().week, silent));
        }
    }
    results
}

/// Helpers shared by the rules' unit tests.
#[cfg(test)]
pub mod testing {
    use super::*;
    use crate::model::Origin;
    use chrono::Duration;

    pub fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// A run on `2025-01-06` plus `day_offset` days.
    pub fn run(day_offset: i64, km: f64) -> Run {
        Run::new(
            date("2025-01-06") + Duration::days(day_offset),
            km,
            Origin::new("t.csv", 2),
        )
    }

    /// Runs `rule` on the last week of `runs` with default thresholds.
    pub fn last_week(rule: &dyn Rule, runs: Vec<Run>) -> (Vec<Finding>, Verdict) {
        let timeline = Timeline::build(None, runs).unwrap();
        let limits = Thresholds::default();
        let view = WeekView {
            timeline: &timeline,
            index: timeline.weeks.len() - 1,
            limits: &limits,
            units: Units::Km,
            wording: Wording::Worded,
        };
        let mut out = Vec::new();
        let verdict = rule.check(&view, &mut out);
        (out, verdict)
    }

    /// The worst severity found, if any.
    pub fn worst(findings: &[Finding]) -> Option<Severity> {
        findings.iter().map(|f| f.severity).max()
    }

    /// Three runs a week of `km / 3` on Monday, Wednesday and Friday.
    pub fn weekly(km_per_week: &[f64]) -> Vec<Run> {
        km_per_week
            .iter()
            .enumerate()
            .flat_map(|(w, km)| [0, 2, 4].map(|d| run(w as i64 * 7 + d, km / 3.0)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_names_are_chronos_formats_for_every_day() {
        use chrono::Datelike;
        let first = NaiveDate::from_ymd_opt(1969, 12, 25).unwrap();
        for offset in 0..60_000 {
            let date = first + chrono::Duration::days(offset);
            assert_eq!(day(date), date.format("%a %-d %b").to_string());
            assert_eq!(weekday_name(date), date.format("%a").to_string());
            let later = date + chrono::Duration::days(offset % 400);
            let pattern = if date.year() == later.year() {
                "%a %-d %b"
            } else {
                "%a %-d %b %Y"
            };
            let expected = format!("{} to {}", date.format(pattern), later.format(pattern));
            assert_eq!(day_span(date, later), expected);
        }
    }

    /// Eight weeks of a runner who runs every day on concrete, piles on
    /// distance, skips warm-ups before hard runs, wears out one pair of
    /// shoes, and reports heavy legs: most rules speak.
    fn hard_weeks() -> Vec<Run> {
        (0..56)
            .map(|day| {
                let mut run = testing::run(day, 5.0 + (day / 7) as f64 * 3.0);
                run.surface = Some(crate::model::Surface::Concrete);
                run.duration_s = Some(run.distance_km * if day % 2 == 0 { 240.0 } else { 330.0 });
                run.rpe = Some(if day % 2 == 0 { 9.0 } else { 3.0 });
                run.warmup = Some(false);
                run.shoe = Some("Pegasus".into());
                run.heaviness = Some(if day >= 42 { 8.0 } else { 2.0 });
                run
            })
            .collect()
    }

    #[test]
    fn findings_without_words_are_the_findings_with_words_bar_their_words() {
        let timeline = Timeline::build(None, hard_weeks()).unwrap();
        let limits = Thresholds::default();
        let worded = check_all(&timeline, &limits, Units::Km, Wording::Worded);
        let unworded = check_all(&timeline, &limits, Units::Km, Wording::Unworded);
        let rules: std::collections::BTreeSet<&str> =
            worded.findings.iter().map(|f| f.rule).collect();
        assert!(rules.len() >= 4, "{rules:?}");
        assert_eq!(worded.findings.len(), unworded.findings.len());
        assert_eq!(worded.insufficient_history, unworded.insufficient_history);
        for (with, without) in worded.findings.iter().zip(&unworded.findings) {
            assert!(
                !with.message.is_empty() && !with.advice.is_empty(),
                "{}",
                with.rule
            );
            assert!(
                without.message.is_empty() && without.advice.is_empty(),
                "{}",
                with.rule
            );
            let bare = Finding {
                message: String::new(),
                advice: String::new(),
                ..with.clone()
            };
            // Debug, as evidence may hold NaN, which equals nothing.
            assert_eq!(format!("{bare:?}"), format!("{without:?}"));
        }
    }

    #[test]
    fn every_rule_has_a_unique_id_and_its_section_in_the_docs() {
        let docs = include_str!("../../docs/rules.md");
        let mut seen = std::collections::BTreeSet::new();
        for rule in RULES {
            let id = rule.id();
            assert!(seen.insert(id), "{id} is listed twice");
            assert!(
                id.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{id} is not snake_case"
            );
            assert!(
                docs.contains(&format!("\n## {id}: ")),
                "docs/rules.md has no section '## {id}: ...'"
            );
            assert!(
                !rule.title().is_empty() && !rule.evidence().is_empty(),
                "{id}"
            );
        }
        // The ids of DESIGN.md are a contract: these may never disappear.
        for id in ["mileage_spike", "long_run_spike", "no_rest", "see_doctor"] {
            assert!(seen.contains(id), "{id} is gone");
        }
    }

    #[test]
    fn thresholds_come_from_toml_with_defaults_for_the_rest() {
        let text = "[mileage_spike]\nwarning = 1.2\n[worn_shoes]\nalert_km = 700\n";
        let limits = Thresholds::from_toml(text, Path::new("t.toml")).unwrap();
        assert_eq!(limits.mileage_spike.warning, 1.2);
        assert_eq!(
            limits.mileage_spike.alert,
            Thresholds::default().mileage_spike.alert
        );
        assert_eq!(limits.worn_shoes.alert_km, 700.0);
        let err = Thresholds::from_toml("[mileage_spike]\nwarnin = 1.2\n", Path::new("t.toml"))
            .unwrap_err();
        assert!(err.to_string().contains("warnin"), "{err}");
        let rejected = [
            ("[worn_shoes]\nwarning_km = 900\n", "[worn_shoes]"),
            ("[mileage_spike]\nwarning = nan\n", "[mileage_spike]"),
            ("[hard_surface]\nhard_share = 5\n", "hard_share = 5"),
            (
                "[no_rest]\nmonotony_warning = -1\n",
                "monotony_warning = -1",
            ),
            (
                "[long_run_spike]\nwarning = 0.5\nalert = 0.9\n",
                "must be 1 or more",
            ),
            (
                "[high_intensity]\nhard_pace_margin = 1.5\n",
                "hard_pace_margin = 1.5",
            ),
            (
                "[frequent_hills]\nclimb_m_per_km = 0\n",
                "climb_m_per_km = 0",
            ),
        ];
        for (text, named) in rejected {
            let err = Thresholds::from_toml(text, Path::new("t.toml")).unwrap_err();
            assert!(err.to_string().contains(named), "{text}: {err}");
        }
    }

    #[test]
    fn the_config_decides_what_a_hard_or_hill_session_is() {
        let hilly = |climb: f64| {
            let mut run = testing::run(0, 10.0);
            run.elevation_gain_m = Some(climb);
            run
        };
        let text =
            "[frequent_hills]\nclimb_m_per_km = 40\n[high_intensity]\nhard_pace_margin = 0.2\n";
        let limits = Thresholds::from_toml(text, Path::new("t.toml")).unwrap();
        let cases = [
            (Thresholds::default(), 250.0, true),
            (limits.clone(), 250.0, false),
            (limits, 450.0, true),
        ];
        for (limits, climb, hill) in cases {
            let timeline = Timeline::build_with(
                None,
                vec![hilly(climb)],
                &limits.definitions(Load::Distance),
            )
            .unwrap();
            assert_eq!(timeline.facts[0].hill_session, hill, "{climb} m");
        }
    }

    #[test]
    fn the_toml_examples_of_the_docs_are_valid_and_the_full_one_is_the_defaults() {
        let docs = include_str!("../../docs/rules.md");
        let blocks: Vec<&str> = docs
            .split("```toml\n")
            .skip(1)
            .filter_map(|rest| rest.split("```").next())
            .collect();
        assert!(blocks.len() >= 2, "docs/rules.md has no TOML examples");
        for block in &blocks {
            Thresholds::from_toml(block, Path::new("docs/rules.md")).unwrap();
        }
        let full = blocks.iter().max_by_key(|b| b.len()).unwrap();
        let limits = Thresholds::from_toml(full, Path::new("docs/rules.md")).unwrap();
        assert_eq!(
            limits,
            Thresholds::default(),
            "the full example lists the defaults"
        );
        let every_key = toml::to_string(&Thresholds::default()).unwrap();
        for line in every_key.lines().filter(|l| !l.trim().is_empty()) {
            let key = line.split(" = ").next().unwrap();
            assert!(full.contains(key), "the full example lacks {key}");
        }
    }

    #[test]
    fn grading() {
        assert_eq!(grade(1.29, 1.3, 1.5), None);
        assert_eq!(grade(1.3, 1.3, 1.5), Some(Severity::Warning));
        assert_eq!(grade(1.5, 1.3, 1.5), Some(Severity::Alert));
        assert_eq!(grade_above(1.3, 1.3, 1.5), None);
        assert_eq!(grade_above(1.31, 1.3, 1.5), Some(Severity::Warning));
        assert_eq!(grade_above(1.5, 1.3, 1.5), Some(Severity::Warning));
        assert_eq!(grade_above(1.51, 1.3, 1.5), Some(Severity::Alert));
    }

    #[test]
    fn spans_name_the_years_when_they_differ() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            day_span(d(2025, 2, 2), d(2025, 2, 9)),
            "Sun 2 Feb to Sun 9 Feb"
        );
        assert_eq!(
            day_span(d(2023, 11, 1), d(2024, 8, 4)),
            "Wed 1 Nov 2023 to Sun 4 Aug 2024"
        );
    }
}
