//! The red flag: a dragging foot, or feet that cannot be lifted, is not a
//! training error and never scores away. It always tells the runner to see a
//! doctor.

use super::{day, Rule, Thresholds, Verdict, WeekView};
use crate::model::{Finding, Severity, Strength};

/// This rule has no thresholds.
pub type Limits = super::NoLimits;

pub struct SeeDoctor;

impl Rule for SeeDoctor {
    fn id(&self) -> &'static str {
        "see_doctor"
    }

    fn title(&self) -> &'static str {
        "See a doctor"
    }

    fn cause(&self) -> &'static str {
        "red flag in the article"
    }

    fn evidence(&self) -> &'static str {
        "medical advice: foot drag can come from nerve, spine or muscle conditions"
    }

    fn severities(&self) -> &'static [Severity] {
        &[Severity::Urgent]
    }

    fn strength(&self) -> Strength {
        Strength::Consensus
    }

    fn thresholds(&self, _limits: &Thresholds) -> String {
        "urgent: any run logged with foot_drag = yes".to_string()
    }

    fn check(&self, week: &WeekView, out: &mut Vec<Finding>) -> Verdict {
        let rows = week.runs().map(|(run, _)| run).chain(week.sessions());
        for run in rows.filter(|run| run.foot_drag) {
            let message = || format!(
                "On {} you logged a dragging foot or feet you could not lift",
                day(run.date)
            );
            let advice = || "See a doctor before you run again. Dragging a foot or not being able to \
                          lift the feet is a medical sign, not a training problem, and rest alone \
                          may not fix it."
                .to_string();
            out.push(week.finding(self, Severity::Urgent, Some(run.date), message, advice));
        }
        Verdict::Checked
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{last_week, run};

    #[test]
    fn every_foot_drag_is_urgent() {
        let mut runs = vec![run(0, 5.0), run(1, 5.0), run(2, 5.0)];
        runs[1].foot_drag = true;
        runs[2].foot_drag = true;
        let (found, _) = last_week(&SeeDoctor, runs);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|f| f.severity == Severity::Urgent));
        let (found, _) = last_week(&SeeDoctor, vec![run(0, 5.0)]);
        assert!(found.is_empty());
    }
}
