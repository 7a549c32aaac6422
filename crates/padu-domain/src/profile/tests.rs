use super::*;
use crate::catalog::Rule;

const FOURTH: &str = include_str!("../../profiles/examples/contoh.toml");

/// The line of `FOURTH` that starts with `start`.
fn line(start: &str) -> Option<usize> {
    FOURTH
        .lines()
        .position(|l| l.starts_with(start))
        .map(|i| i + 1)
}

#[test]
fn the_shipped_profiles_and_the_national_base_load() {
    for (name, _) in SHIPPED {
        let p = shipped(name).unwrap();
        assert_eq!(p.id, name);
        assert!(p.overridden.is_empty(), "shipped values are not overridden");
    }
    let pessel = shipped("pessel").unwrap();
    assert_eq!(pessel.domain(), Some("pesisirselatankab.go.id"));
    assert_eq!(
        pessel.transition_deadline(),
        NaiveDate::from_ymd_opt(2022, 6, 4)
    );
    // The national base's complaint deadlines hold in every region built on it.
    assert_eq!(pessel.complaints.verify_working_days.value, 3);
    assert!(shipped("jakarta").is_none());
}

#[test]
fn kalbar_invents_no_domain_and_no_transition() {
    // Pergub 177/2021 names neither: they are unset, not guessed.
    let kalbar = shipped("kalbar").unwrap();
    assert_eq!(kalbar.domain(), None);
    assert_eq!(kalbar.transition_deadline(), None);
}

#[test]
fn a_region_s_clauses_are_its_own_or_national() {
    for (name, _) in SHIPPED {
        let p = shipped(name).unwrap();
        for (key, clause) in p.clauses() {
            let national = [
                "Perpres",
                "PermenPANRB",
                "Peraturan BSSN",
                "Surat KemenPANRB",
                "UU",
            ]
            .iter()
            .any(|n| clause.starts_with(n));
            assert!(
                clause.starts_with(&format!("{} ", p.cite_as)) || national,
                "{name} {key}: {clause}"
            );
        }
    }
    // Workflows belong to the region whose regulation has them: no "Bogor Pasal 47" in
    // Kalbar.
    let kalbar = shipped("kalbar").unwrap();
    assert_eq!(
        crate::requests::RequestKind::MandiriTik.clause(kalbar),
        None
    );
    assert_eq!(
        crate::requests::RequestKind::MandiriTik.clause(shipped("bogor").unwrap()),
        Some("Bogor Pasal 47")
    );
}

#[test]
fn a_fourth_region_adopts_the_base_and_overrides() {
    let p = load(FOURTH, Origin::Region).unwrap();
    assert_eq!(
        (p.id.as_str(), p.domain()),
        ("contoh", Some("contohkab.go.id"))
    );
    assert_eq!(p.transition_deadline(), NaiveDate::from_ymd_opt(2026, 2, 1));
    assert_eq!(
        p.clause(Rule::WebsiteOutsideDomain),
        Some("Contoh Pasal 9(2)")
    );
    assert_eq!(
        p.clause(Rule::ServerOutsideDataCenter),
        None,
        "not in its file"
    );
    assert_eq!(p.complaints.verify_working_days.value, 2);
    assert_eq!(p.complaints.follow_up_working_days.value, 5, "the base's");
    assert!(p.is_overridden("complaints.verify_working_days"));
    assert!(!p.is_overridden("complaints.follow_up_working_days"));
    assert!(p.is_overridden("domain"));
    // Its own deciders: the Tim Koordinasi recommends and the Bupati approves.
    let w = &p.workflows[&crate::requests::RequestKind::ApplicationRecommendation];
    assert_eq!(
        (w.decided_by.as_slice(), w.established_by.as_slice()),
        (
            &[crate::org::Role::Koordinator][..],
            &[crate::org::Role::Pimpinan][..]
        )
    );
    assert_eq!(
        p.plan_approvers[&crate::planning::PlanKind::Arsitektur].clause,
        "Contoh Pasal 5(3)"
    );
    // Every clause it cites is its own or a national rule's.
    for (key, clause) in p.clauses() {
        assert!(
            !["Kalbar ", "Bogor ", "Pessel "]
                .iter()
                .any(|o| clause.starts_with(o)),
            "{key}: {clause}"
        );
    }
}

#[test]
fn an_override_of_a_shipped_region_keeps_the_rest_and_can_unset() {
    let text = r#"
id = "pessel-2025"
base = "pessel"
unset = ["rules.sop_missing", "coordination_meetings_per_year"]

[domain]
value = "pessel.go.id"
clause = "Pessel Pasal 11(2)"
"#;
    let p = load(text, Origin::Region).unwrap();
    assert_eq!(p.domain(), Some("pessel.go.id"));
    assert_eq!(p.clause(Rule::SopMissing), None);
    assert!(p.coordination_meetings_per_year.is_none());
    assert_eq!(p.clause(Rule::PolicyMissing), Some("Pessel Pasal 66"));
    assert_eq!(p.documents.len(), 4, "the base's checklist");
    assert_eq!(p.pemda, "Pemerintah Kabupaten Pesisir Selatan");
}

#[test]
fn a_bad_file_names_the_line_and_the_key_and_nothing_applies() {
    let err = |text: &str| load(text, Origin::Region).unwrap_err();
    let e = err(&FOURTH.replace("years = 2", "years = \"dua\""));
    assert_eq!((e.line, e.key.as_str()), (line("years"), "years"), "{e}");
    let e = err(&FOURTH.replace("[rules.website_outside_domain]", "[rules.website_outside]"));
    assert_eq!(e.line, line("[rules.website_outside"), "{e}");
    assert!(e.message.contains("website_outside"), "{e}");
    let e = err(&FOURTH.replace("value = 2", "value = 0"));
    assert_eq!(e.key, "complaints.verify_working_days.value", "{e}");
    let e = err(&FOURTH.replace("base = \"nasional\"", "base = \"jakarta\""));
    assert_eq!((e.line, e.key.as_str()), (line("base"), "base"), "{e}");
    let e = err(&FOURTH.replace("Contoh Pasal 9(2)", "Bogor Pasal 22(2)"));
    assert!(e.message.contains("another region"), "{e}");
    let e = err(&format!("{FOURTH}\nunset = [\"rules.no_such\"]"));
    assert_eq!(e.key, "unset", "{e}");
    let e = err("id = \"x\"\nbase = \"nasional\"\npemda = \"P\"\nregulation = \"R\"\ncite_as = \"C\"\n[domain]\nvalue = \"https://x\"\n");
    assert_eq!((e.line, e.key.as_str()), (Some(7), "domain.value"), "{e}");
    assert!(err("= broken").line.is_some());
    // Deciders come from the roles that may take the decision: an auditor establishes no plan,
    // and a workflow names who decides.
    let e = err(&FOURTH.replace("value = [\"pimpinan\"]", "value = [\"auditor\"]"));
    assert_eq!(
        (e.line, e.key.as_str()),
        (
            line("[plan_approvers.arsitektur]").map(|l| l + 1),
            "plan_approvers.arsitektur.value"
        ),
        "{e}"
    );
    let e = err(&FOURTH.replace("decided_by = [\"koordinator\"]", "decided_by = []"));
    assert_eq!(
        e.key, "workflows.application_recommendation.decided_by",
        "{e}"
    );
}

#[test]
fn the_desk_targets_are_the_profile_s_and_a_region_may_set_its_own() {
    use crate::ticket::{sla_for, Priority, TicketType};
    let base = shipped("nasional").unwrap();
    let incident = sla_for(base, TicketType::Gangguan, Priority::Kritis);
    assert_eq!(
        (incident.first_response, incident.resolution),
        (Some(30 * 60), Some(4 * 3600))
    );
    let text = format!("{FOURTH}\n[desk.priorities.kritis]\nfirst_response_minutes = 15\nnext_update_minutes = 60\nresolution_minutes = 120\n");
    let own = load(&text, Origin::Region).unwrap();
    let faster = sla_for(&own, TicketType::Gangguan, Priority::Kritis);
    assert_eq!(
        (faster.first_response, faster.resolution),
        (Some(15 * 60), Some(2 * 3600))
    );
    assert_eq!(
        sla_for(&own, TicketType::Gangguan, Priority::Rendah),
        sla_for(base, TicketType::Gangguan, Priority::Rendah),
        "the rest is the base's"
    );
    assert!(own.is_overridden("desk.priorities.kritis"));
    let broken = format!("{FOURTH}\n[desk.priorities.kritis]\nresolution_minutes = 0\n");
    let e = load(&broken, Origin::Region).unwrap_err();
    assert_eq!(e.key, "desk.priorities.kritis", "{e}");
}
