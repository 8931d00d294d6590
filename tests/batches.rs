//! `weeks` and `flags` in JSON, `check`, `athletes` and the club overview of
//! a whole log are analysed and written a batch of athletes at a time, so a club's weeks and findings are
//! never all held at once. Naming every athlete with `--athlete` takes the plain path
//! instead: the whole log analysed, then every row written in one piece. The
//! two must give the same bytes, the same notes and the same exit code, on
//! club logs large enough to span several batches. Each athlete's copies
//! are dropped on the thread pool too, and what was dropped is counted for
//! every athlete.

mod common;

use common::*;

/// Athletes in the generated club: more than one batch on any machine
/// (a batch is 8 athletes for each core).
const ATHLETES: u64 = 70;
/// Days each athlete's log spans.
const DAYS: u64 = 180;
const SURFACES: [&str; 5] = ["road", "trail", "track", "concrete", "grass"];

/// A small deterministic random source, so the log is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

/// A club log with varied athletes: some run every day, some pile on
/// distance, some climb, sprint or skip the warm-up, report heavy legs or
/// pain, and some start late, so every rule has a chance to speak.
fn club_log(seed: u64) -> String {
    let mut random = Lcg(seed);
    let mut log = String::from(
        "athlete,date,distance_km,duration,surface,elevation_gain_m,hill_repeats,sprints,shoe,warmup,rpe,heaviness,pain\n",
    );
    for athlete in 0..ATHLETES {
        let start = random.next(60);
        let rest_every = 2 + random.next(6);
        let mut km = 4.0 + random.next(6) as f64;
        for day in start..DAYS {
            if day % rest_every == 0 {
                continue;
            }
            km = (km * (0.9 + random.next(25) as f64 / 100.0)).clamp(3.0, 30.0);
            let date = chrono::NaiveDate::from_ymd_opt(2025, 3, 3).unwrap()
                + chrono::Duration::days(day as i64);
            let pace_s = 270 + random.next(120);
            let seconds = (km * pace_s as f64) as u64;
            let surface = SURFACES[random.next(SURFACES.len() as u64) as usize];
            let climb = maybe(&mut random, 40, 0..300);
            let hills = maybe(&mut random, 10, 6..7);
            let sprints = maybe(&mut random, 10, 8..9);
            let warmup = match maybe(&mut random, 60, 0..2).as_str() {
                "0" => "no",
                "1" => "yes",
                _ => "",
            };
            let rpe = maybe(&mut random, 50, 1..11);
            let heaviness = maybe(&mut random, 30, 0..11);
            let pain = maybe(&mut random, 5, 0..8);
            log.push_str(&format!(
                "Runner {athlete:02},{date},{km:.1},{}:{:02}:{:02},{surface},{climb},{hills},{sprints},Shoe {},{warmup},{rpe},{heaviness},{pain}\n",
                seconds / 3600,
                seconds / 60 % 60,
                seconds % 60,
                athlete % 3,
            ));
        }
    }
    log
}

/// A number in `range` with a chance in a hundred of `chance`, else an empty cell.
fn maybe(random: &mut Lcg, chance: u64, range: std::ops::Range<u64>) -> String {
    if random.next(100) < chance {
        (range.start + random.next(range.end - range.start)).to_string()
    } else {
        String::new()
    }
}

/// `--athlete` for every athlete of the log: the plain, whole-log path.
fn every_athlete() -> Vec<String> {
    (0..ATHLETES)
        .flat_map(|a| ["--athlete".to_string(), format!("Runner {a:02}")])
        .collect()
}

fn outcome(command: &str, log: &std::path::Path, extra: &[String]) -> Outcome {
    let mut args = vec![command.to_string(), log.display().to_string()];
    args.extend(extra.iter().cloned());
    run(args)
}

#[test]
fn batches_give_the_bytes_of_the_whole_analysis() {
    let dir = temp_dir();
    for seed in [1, 2, 3] {
        let log = write_file(&dir, &format!("club-{seed}.csv"), club_log(seed));
        for (command, format) in [
            ("weeks", "json"),
            ("weeks", "jsonl"),
            ("flags", "json"),
            ("flags", "jsonl"),
            ("check", ""),
            ("athletes", "text"),
            ("athletes", "json"),
            ("athletes", "csv"),
        ] {
            let options = match format {
                "" => Vec::new(),
                format => vec!["--format".to_string(), format.into()],
            };
            let batched = outcome(command, &log, &options);
            let plain = outcome(command, &log, &[&options[..], &every_athlete()].concat());
            let what = format!("{command} {options:?}, seed {seed}");
            batched.expect_success();
            assert!(batched.stdout.len() > 1000, "{what}: {}", batched.stdout);
            assert_eq!(batched.stdout, plain.stdout, "{what}");
            assert_eq!(batched.stderr, plain.stderr, "{what}");
        }
    }
}

#[test]
fn batches_count_findings_for_fail_on_as_the_whole_analysis_does() {
    let dir = temp_dir();
    let log = write_file(&dir, "club.csv", club_log(7));
    for (command, format) in [
        ("weeks", "json"),
        ("flags", "json"),
        ("check", ""),
        ("athletes", "json"),
    ] {
        let mut options = vec!["--fail-on".to_string(), "warning".into()];
        if !format.is_empty() {
            options.extend(["--format".to_string(), format.into()]);
        }
        let batched = outcome(command, &log, &options);
        let plain = outcome(command, &log, &[&options[..], &every_athlete()].concat());
        assert_eq!(batched.code, 3, "{command}: {}", batched.stderr);
        assert_eq!(batched.code, plain.code, "{command}");
        assert_eq!(batched.stderr, plain.stderr, "{command}");
        assert_eq!(batched.stdout, plain.stdout, "{command}");
    }
}

#[test]
fn a_log_with_no_findings_at_or_above_min_severity_is_an_empty_array() {
    let dir = temp_dir();
    let log = write_file(
        &dir,
        "calm.csv",
        csv("date,distance_km", rows(calm_runs(0..3))),
    );
    let batched = outcome(
        "flags",
        &log,
        &["--format", "json", "--min-severity", "urgent"].map(String::from),
    );
    batched.expect_success();
    assert_eq!(batched.stdout, "[]\n");
}

#[test]
fn copies_in_two_files_are_counted_once_for_every_athlete() {
    let dir = temp_dir();
    let header = "athlete,date,distance_km,duration";
    let first = write_file(
        &dir,
        "first.csv",
        format!("{header}\nAna,2025-06-02,8,0:45:00\nBo,2025-06-03,5,0:30:00\nBo,2025-06-04,6,0:33:00\n"),
    );
    let second = write_file(
        &dir,
        "second.csv",
        format!("{header}\nAna,2025-06-02,8,0:45:00\nBo,2025-06-03,5,0:30:00\nAna,2025-06-05,7,0:40:00\n"),
    );
    let check = run([
        "check".to_string(),
        first.display().to_string(),
        second.display().to_string(),
    ]);
    check.expect_success();
    assert!(
        check.stdout.contains("second.csv: 3 rows, 1 run read"),
        "{}",
        check.stdout
    );
    assert!(
        check
            .stdout
            .contains("2 runs also given by another input or file, counted once"),
        "{}",
        check.stdout
    );
    assert!(check.stdout.contains("Ana: 2 runs"), "{}", check.stdout);
    assert!(check.stdout.contains("Bo: 2 runs"), "{}", check.stdout);
}

#[test]
fn athletes_of_a_week_asked_for_are_those_of_the_whole_analysis() {
    let dir = temp_dir();
    // One more athlete whose log ends months before the others'.
    let mut text = club_log(11);
    for day in 3..20 {
        text.push_str(&format!(
            "Runner 99,2025-03-{day:02},8.0,0:45:00,road,,,,Shoe 0,,,,\n"
        ));
    }
    let log = write_file(&dir, "club.csv", text.clone());
    let last_week = outcome("athletes", &log, &["--format".to_string(), "csv".into()]);
    assert!(
        last_week.stdout.contains("Runner 99"),
        "{}",
        last_week.stdout
    );
    // A week inside every log, one where late starters have no run yet,
    // and one after some logs ended.
    for week in ["", "2025-W20", "2025-W11", "2025-W35"] {
        let mut options = vec!["--format".to_string(), "json".into()];
        if !week.is_empty() {
            options.extend(["--week".to_string(), week.into()]);
        }
        let everyone = [
            every_athlete(),
            vec!["--athlete".into(), "Runner 99".into()],
        ]
        .concat();
        let batched = outcome("athletes", &log, &options);
        let plain = outcome("athletes", &log, &[&options[..], &everyone].concat());
        assert_eq!(batched.code, plain.code, "{week}: {}", batched.stderr);
        assert_eq!(batched.stdout, plain.stdout, "{week}");
        assert_eq!(batched.stderr, plain.stderr, "{week}");
    }
}

/// A club log with one athlete whose log ends months before the others'.
fn club_with_an_early_end(seed: u64) -> String {
    let mut text = club_log(seed);
    for day in 3..20 {
        text.push_str(&format!(
            "Runner 99,2025-03-{day:02},8.0,0:45:00,road,,,,Shoe 0,,,,\n"
        ));
    }
    text
}

#[test]
fn the_club_overview_gathered_in_batches_is_the_image_of_the_whole_analysis() {
    let dir = temp_dir();
    let log = write_file(&dir, "club.csv", club_with_an_early_end(5));
    let everyone = [
        every_athlete(),
        vec!["--athlete".into(), "Runner 99".into()],
    ]
    .concat();
    let cases: [&[&str]; 4] = [
        &[],
        &["--week", "2025-W30"],
        &["--weeks", "26"],
        &["--fail-on", "warning"],
    ];
    for (i, extra) in cases.iter().enumerate() {
        let image = |name: &str| dir.path().join(format!("{name}-{i}.png"));
        let mut options: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        options.extend(["-o".to_string(), image("batched").display().to_string()]);
        let batched = outcome("report", &log, &options);
        let last = options.len() - 1;
        options[last] = image("plain").display().to_string();
        let plain = outcome("report", &log, &[&options[..], &everyone].concat());
        assert_eq!(batched.code, plain.code, "{extra:?}: {}", batched.stderr);
        assert!(
            batched.stderr.contains("club overview of 71 athletes"),
            "{}",
            batched.stderr
        );
        let plain_said = plain.stderr.replace("plain-", "batched-");
        assert_eq!(batched.stderr, plain_said, "{extra:?}");
        let (a, b) = (
            std::fs::read(image("batched")).unwrap(),
            std::fs::read(image("plain")).unwrap(),
        );
        assert!(a == b, "{extra:?}: the images differ");
    }
}

#[test]
fn a_small_club_overview_shows_an_athlete_whose_log_ended_as_the_whole_analysis_does() {
    let dir = temp_dir();
    let club = std::fs::read_to_string("sample-logs/club.csv").unwrap();
    let columns = club.lines().next().unwrap().split(',').count();
    let mut text = club.clone();
    for day in 4..20 {
        let mut row = format!("Runner 99,2025-08-{day:02},8.0");
        row.push_str(&",".repeat(columns - 3));
        text.push_str(&format!("{row}\n"));
    }
    let log = write_file(&dir, "club.csv", text);
    let names = ["Aisha", "Maria", "Tom", "Runner 99"];
    let everyone: Vec<String> = names
        .iter()
        .flat_map(|n| ["--athlete".to_string(), n.to_string()])
        .collect();
    let (batched_png, plain_png) = (dir.path().join("b.png"), dir.path().join("p.png"));
    let batched = outcome(
        "report",
        &log,
        &["-o".to_string(), batched_png.display().to_string()],
    );
    let plain = outcome(
        "report",
        &log,
        &[
            &["-o".to_string(), plain_png.display().to_string()][..],
            &everyone,
        ]
        .concat(),
    );
    batched.expect_success();
    assert!(
        batched.stderr.contains("club overview of 4 athletes"),
        "{}",
        batched.stderr
    );
    assert_eq!(batched.code, plain.code);
    assert!(std::fs::read(&batched_png).unwrap() == std::fs::read(&plain_png).unwrap());
}

#[test]
fn a_club_log_with_one_runner_draws_that_runners_weekly_report() {
    let dir = temp_dir();
    let log = write_file(
        &dir,
        "two.csv",
        "athlete,date,distance_km,activity\nAna,2025-06-02,8,run\nAna,2025-06-04,6,run\n\
         Bo,2025-06-03,,strength\nBo,2025-06-05,,yoga\n",
    );
    let image = dir.path().join("two.png");
    let drawn = outcome(
        "report",
        &log,
        &["-o".to_string(), image.display().to_string()],
    );
    drawn.expect_success();
    assert!(drawn.stderr.contains("(Ana, 2025-W23"), "{}", drawn.stderr);
}
