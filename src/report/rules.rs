//! `runrisk rules`: every rule with its thresholds, evidence and points,
//! then how breaks, races, terrain and the score are judged, worded for a
//! runner and fitted to the terminal.

use std::io::{self, Write};

use super::width::{reading, write_hanging};
use crate::model::Severity;
use crate::rules::{Thresholds, RULES};

/// Writes the rules in force (`limits`) in `width` columns.
pub fn write(out: &mut dyn Write, limits: &Thresholds, width: usize) -> io::Result<()> {
    let width = reading(width);
    let indented = |out: &mut dyn Write, text: &str| write_hanging(out, text, "    ", 4, width);
    for rule in RULES {
        let title = format!("{}  ({})", rule.id(), rule.cause());
        write_hanging(out, &title, "", 4, width)?;
        indented(out, &rule.thresholds(limits))?;
        indented(out, &format!("evidence: {}", rule.evidence()))?;
        indented(out, &rule_points(*rule))?;
        writeln!(out)?;
    }
    for (title, text) in judgment_notes(limits) {
        writeln!(out, "{title}")?;
        indented(out, &text)?;
        writeln!(out)?;
    }
    let example = "Thresholds can be changed with --config FILE (TOML), for example:";
    write_hanging(out, example, "", 0, width)?;
    writeln!(
        out,
        "    [mileage_spike]\n    warning = 1.25\n    alert = 1.5"
    )
}

/// What a rule's findings add to a week's score.
fn rule_points(rule: &dyn crate::rules::Rule) -> String {
    let strength = rule.strength();
    let each: Vec<String> = rule
        .severities()
        .iter()
        .map(|&severity| match severity {
            Severity::Info => "none (info notes only)".to_string(),
            Severity::Urgent => format!(
                "{} and the level urgent, whatever the score",
                crate::risk::points(strength, severity)
            ),
            Severity::Warning => {
                format!("{} for a warning", crate::risk::points(strength, severity))
            }
            Severity::Alert => format!("{} for an alert", crate::risk::points(strength, severity)),
        })
        .collect();
    format!("points: {}", each.join(", "))
}

/// How breaks, races, terrain, habits and the score are judged, for `rules`.
fn judgment_notes(limits: &Thresholds) -> [(&'static str, String); 4] {
    use crate::analysis::phases::{KM_PER_EASY_DAY, TAPER_RACE_MIN_KM, TAPER_WEEKS};
    use crate::risk::{HIGH_FROM, MODERATE_FROM, SAME_CAUSE_CAP, VERY_HIGH_FROM};
    let b = &limits.breaks;
    [
        (
            "Breaks",
            format!(
                "{} or more days without a run. The weeks back are judged against a return ramp, not \
                 against the empty weeks: the first week back up to {:.0}% of the usual week before the \
                 break ({:.0}% after {} days or more), then {:.0}% more a week; the long run against the \
                 longest run before the break times the same share. `weeks` names them in after_break.",
                b.min_days,
                b.first_week_share * 100.0,
                b.first_week_share_long * 100.0,
                b.long_days,
                b.weekly_growth * 100.0
            ),
        ),
        (
            "Races and tapers",
            format!(
                "A race (type = race, or a race word such as marathon, parkrun or 10K in an export's \
                 activity name) is a planned effort: its own jumps are info, with one easy day per \
                 {KM_PER_EASY_DAY} km raced, and it is never hard running. A race of {TAPER_RACE_MIN_KM} km \
                 or more makes the {TAPER_WEEKS} weeks before it a taper (intensity kept while the volume \
                 falls is not an error), and the weeks after it are compared with the 4 weeks before the taper."
            ),
        ),
        (
            "Terrain, effort and habits",
            "Hard running is judged against your own easy pace on the same kind of ground (trail, \
             road or treadmill), and by RPE where you log it. Hills and hard surfaces are judged \
             against what you did in the 4 weeks before: a habit is info, a sudden change the error."
                .to_string(),
        ),
        (
            "Score",
            format!(
                "Each rule counts once a week, at its worst severity, for the points above: more for \
                 stronger evidence. Rules of the same cause add up to at most {SAME_CAUSE_CAP}, the score \
                 to at most 100. Levels: low under {MODERATE_FROM}, moderate under {HIGH_FROM}, high under \
                 {VERY_HIGH_FROM}, very high from {VERY_HIGH_FROM}; urgent with a see_doctor finding."
            ),
        ),
    ]
}
