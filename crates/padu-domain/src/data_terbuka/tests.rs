use super::publication::{may_be_public, may_edit, step};
use super::vocabulary::{check_name, file_format, name_from_title};
use crate::access::{Actor, Grant};
use crate::org::{Classification, PdId, Role, UserId};

fn user(id: i64, role: Role, pd: Option<i64>) -> Actor {
    Actor::User {
        id: UserId(id),
        grants: vec![Grant {
            role,
            pd: pd.map(PdId),
        }],
    }
}

#[test]
fn only_biasa_data_is_ever_public() {
    assert!(may_be_public(Classification::Biasa));
    for c in [
        Classification::Terbatas,
        Classification::Rahasia,
        Classification::SangatRahasia,
    ] {
        assert!(!may_be_public(c), "{c:?}");
    }
}

#[test]
fn the_producer_submits_and_the_walidata_publishes() {
    let producer = user(1, Role::OperatorPd, Some(7));
    let other_pd = user(2, Role::OperatorPd, Some(8));
    let walidata = user(3, Role::AdminDinas, None);
    let auditor = user(4, Role::Auditor, None);
    let pd = PdId(7);
    assert!(step(&producer, pd, "draf", "diajukan", "").is_ok());
    assert!(step(&other_pd, pd, "draf", "diajukan", "").is_err());
    assert!(step(&producer, pd, "diajukan", "terbit", "").is_err());
    assert!(step(&walidata, pd, "diajukan", "terbit", "").is_ok());
    assert!(step(&auditor, pd, "diajukan", "terbit", "").is_err());
    assert_eq!(
        step(&walidata, pd, "diajukan", "dikembalikan", " "),
        Err("a data set returned says what to correct")
    );
    assert!(step(&walidata, pd, "diajukan", "dikembalikan", "Judul kolom").is_ok());
    assert!(step(&producer, pd, "dikembalikan", "diajukan", "").is_ok());
    assert!(step(&producer, pd, "terbit", "ditarik", "Data direvisi").is_ok());
    assert!(step(&producer, pd, "terbit", "ditarik", "").is_err());
    assert!(step(&producer, pd, "ditarik", "diajukan", "").is_ok());
    assert!(step(&walidata, pd, "draf", "terbit", "").is_err());
    assert_eq!(
        step(&walidata, pd, "draf", "hilang", ""),
        Err("is not a state of a data set")
    );
    // Under the walidata's check, the producer waits.
    assert!(!may_edit(&producer, pd, "diajukan"));
    assert!(may_edit(&producer, pd, "terbit"));
    assert!(!may_edit(&other_pd, pd, "draf"));
}

#[test]
fn names_follow_ckans_rule() {
    assert!(check_name("jumlah-penduduk_2025").is_ok());
    assert!(check_name("a").is_err());
    assert!(check_name("Jumlah").is_err());
    assert!(check_name("jumlah penduduk").is_err());
    assert!(check_name("kelola").is_err());
    assert!(check_name(&"x".repeat(101)).is_err());
    assert_eq!(
        name_from_title("Jumlah Penduduk per Kecamatan, 2025"),
        "jumlah-penduduk-per-kecamatan-2025"
    );
    assert_eq!(name_from_title("—"), "data");
    assert!(check_name(&name_from_title(&"kata ".repeat(60))).is_ok());
    assert_eq!(file_format("Data.XLSX"), Some("XLSX"));
    assert_eq!(file_format("data.pdf"), None);
}

mod searching {
    use super::super::search::{search, Listing, Query};

    fn listing(
        name: &str,
        title: &str,
        org: &str,
        tags: &[&str],
        format: &str,
        modified: &str,
    ) -> Listing {
        Listing {
            name: name.into(),
            title: title.into(),
            description: format!("Data {title} yang diterbitkan oleh {org}"),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            organization: org.into(),
            groups: vec!["heal".into()],
            license_id: "cc-by".into(),
            formats: vec![format.into()],
            metadata_modified: modified.into(),
        }
    }

    fn region() -> Vec<Listing> {
        vec![
            listing(
                "puskesmas",
                "Daftar Puskesmas",
                "dinkes",
                &["kesehatan", "fasilitas"],
                "CSV",
                "2026-03-01T08:00:00.000000",
            ),
            listing(
                "imunisasi",
                "Cakupan Imunisasi Dasar",
                "dinkes",
                &["kesehatan"],
                "XLSX",
                "2026-06-01T08:00:00.000000",
            ),
            listing(
                "sekolah",
                "Daftar Sekolah Dasar",
                "disdik",
                &["pendidikan"],
                "CSV",
                "2026-09-01T08:00:00.000000",
            ),
        ]
    }

    fn names(l: &[Listing], q: &Query) -> Vec<String> {
        search(l, q, 0, 100, &[], 0)
            .page
            .iter()
            .map(|i| l[*i].name.clone())
            .collect()
    }

    #[test]
    fn words_filters_and_the_harvesters_window() {
        let l = region();
        let all = Query::parse("*:*", "", "").unwrap();
        assert_eq!(
            names(&l, &all),
            ["sekolah", "imunisasi", "puskesmas"],
            "newest first"
        );
        let daftar = Query::parse("daftar", "", "").unwrap();
        assert_eq!(names(&l, &daftar).len(), 2);
        let q = Query::parse("Daftar", "organization:dinkes", "").unwrap();
        assert_eq!(names(&l, &q), ["puskesmas"]);
        let q = Query::parse("", "+tags:\"kesehatan\" res_format:XLSX", "").unwrap();
        assert_eq!(names(&l, &q), ["imunisasi"]);
        // The CKAN harvester's incremental run: what changed since its last visit.
        let q = Query::parse(
            "",
            "metadata_modified:[2026-06-01T08:00:00Z TO *]",
            "name asc",
        )
        .unwrap();
        assert_eq!(names(&l, &q), ["imunisasi", "sekolah"]);
        let q = Query::parse("", "metadata_modified:[2026-01-01 TO 2026-05-31]", "").unwrap();
        assert_eq!(names(&l, &q), ["puskesmas"]);
        let q = Query::parse("", "", "title_string asc").unwrap();
        assert_eq!(names(&l, &q), ["imunisasi", "puskesmas", "sekolah"]);
    }

    #[test]
    fn paging_and_facets_count_the_whole_result() {
        let l = region();
        let q = Query::parse("", "", "name asc").unwrap();
        let found = search(&l, &q, 1, 1, &["organization", "tags", "res_format"], 50);
        assert_eq!(found.count, 3);
        assert_eq!(found.page, vec![0], "the second by name: puskesmas");
        assert_eq!(
            found.facets["organization"],
            vec![("dinkes".to_string(), 2), ("disdik".to_string(), 1)]
        );
        assert_eq!(found.facets["tags"][0], ("kesehatan".to_string(), 2));
        assert_eq!(
            found.facets["res_format"],
            vec![("CSV".to_string(), 2), ("XLSX".to_string(), 1)]
        );
    }

    #[test]
    fn a_bad_query_names_its_parameter() {
        assert_eq!(Query::parse("", "colour:red", "").unwrap_err().0, "fq");
        assert_eq!(
            Query::parse("", "metadata_modified:[2026 TO]", "")
                .unwrap_err()
                .0,
            "fq"
        );
        assert_eq!(Query::parse("", "tags:\"open", "").unwrap_err().0, "fq");
        assert_eq!(
            Query::parse("", "", "popularity desc").unwrap_err().0,
            "sort"
        );
        assert_eq!(Query::parse("", "", "name up").unwrap_err().0, "sort");
    }
}

mod rdf_output {
    use super::super::rdf::{expand, iri, lang, text, Graph, Node};

    fn graph() -> Graph {
        let mut g = Graph::default();
        let d = iri("http://padu.test/data-terbuka/a");
        g.add(&d, "rdf:type", iri(expand("dcat:Dataset")));
        g.add(
            &d,
            "dct:title",
            lang("Judul \"kutip\"\nbaris <dua> & 'tiga'", "id"),
        );
        g.add(&d, "dct:identifier", text("a"));
        g.add(&d, "dct:temporal", Node::Blank("p".into()));
        g
    }

    #[test]
    fn each_syntax_escapes_what_it_must() {
        let g = graph();
        let ttl = g.to_turtle();
        assert!(
            ttl.contains(r#""Judul \"kutip\"\nbaris <dua> & 'tiga'"@id"#),
            "{ttl}"
        );
        assert!(
            ttl.contains("\n<http://padu.test/data-terbuka/a>\n    <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> ;"),
            "{ttl}"
        );
        let xml = g.to_rdf_xml();
        assert!(xml.contains("<dct:title xml:lang=\"id\">Judul &quot;kutip&quot;\nbaris &lt;dua&gt; &amp; &apos;tiga&apos;</dct:title>"), "{xml}");
        assert!(xml.contains("rdf:nodeID=\"p\""), "{xml}");
        let ld = g.to_json_ld();
        assert_eq!(ld[0]["@type"][0], "http://www.w3.org/ns/dcat#Dataset");
        assert_eq!(ld[0]["http://purl.org/dc/terms/temporal"][0]["@id"], "_:p");
        assert_eq!(
            ld[0]["http://purl.org/dc/terms/title"][0]["@language"],
            "id"
        );
    }
}

mod datastore {
    use crate::data_terbuka::datastore::*;
    use serde_json::json;

    fn guess(cells: &[&str]) -> FieldType {
        let mut g = Guess::default();
        for c in cells {
            g.see(c);
        }
        g.field_type()
    }

    #[test]
    fn a_column_takes_the_narrowest_type_every_cell_fits() {
        assert_eq!(guess(&["1", "-20", "", "300"]), FieldType::Int);
        assert_eq!(guess(&["1", "2.5", "-0.75"]), FieldType::Numeric);
        assert_eq!(guess(&["2026-01-31", "", "2025-12-01"]), FieldType::Date);
        // A leading zero is a code (it would be lost as a number); a comma is not a point.
        assert_eq!(guess(&["001", "002"]), FieldType::Text);
        assert_eq!(guess(&["1,5"]), FieldType::Text);
        assert_eq!(guess(&["2026-02-30"]), FieldType::Text);
        assert_eq!(guess(&["12", "dua belas"]), FieldType::Text);
        assert_eq!(guess(&["", " "]), FieldType::Text, "no value: text");
        assert_eq!(
            guess(&["99999999999999999999"]),
            FieldType::Text,
            "beyond 64 bits"
        );
    }

    #[test]
    fn a_header_names_each_column_once() {
        let h = |c: &[&str]| field_ids(&c.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(h(&[" nama ", "Jumlah"]).unwrap(), ["nama", "Jumlah"]);
        assert_eq!(h(&["nama", ""]).unwrap_err().0, 2);
        assert_eq!(h(&["nama", "NAMA"]).unwrap_err().0, 2);
        assert_eq!(h(&["_id"]).unwrap_err().0, 1);
        assert_eq!(h(&["a\"b"]).unwrap_err().0, 1);
        assert!(h(&[&"x".repeat(64)]).is_err());
    }

    fn fields() -> Vec<Field> {
        vec![
            Field {
                id: "nama".into(),
                field_type: FieldType::Text,
            },
            Field {
                id: "jumlah".into(),
                field_type: FieldType::Int,
            },
        ]
    }

    #[test]
    fn a_search_reads_ckan_s_parameters_against_the_columns() {
        let params = SearchParams {
            filters: Some(json!("{\"jumlah\": [\"3\", 4], \"nama\": \"Salido\"}")),
            q: Some(json!("Pasar  BARU")),
            sort: Some(json!("jumlah desc, nama")),
            limit: Some(json!("5")),
            offset: Some(json!(10)),
            fields: Some(json!("nama,_id")),
            include_total: Some(json!("false")),
        };
        let s = Search::read(&fields(), &params).unwrap();
        assert_eq!(
            s.filters,
            vec![
                (Some(1), vec![Cell::Int(3), Cell::Int(4)]),
                (Some(0), vec![Cell::Text("Salido".into())])
            ]
        );
        assert_eq!(s.words, ["pasar", "baru"]);
        assert_eq!(s.sort, vec![(Some(1), true), (Some(0), false)]);
        assert_eq!((s.limit, s.offset), (5, 10));
        assert_eq!(s.columns, vec![Some(0), None]);
        assert!(!s.include_total);
        let d = Search::read(&fields(), &SearchParams::default()).unwrap();
        assert_eq!(
            (d.limit, d.columns.len(), d.include_total),
            (DEFAULT_LIMIT, 3, true)
        );
    }

    #[test]
    fn a_search_that_cannot_be_read_names_its_parameter() {
        let bad = |p: SearchParams| Search::read(&fields(), &p).unwrap_err().0;
        assert_eq!(
            bad(SearchParams {
                filters: Some(json!({"warna": "x"})),
                ..Default::default()
            }),
            "filters"
        );
        assert_eq!(
            bad(SearchParams {
                filters: Some(json!({"jumlah": "tiga"})),
                ..Default::default()
            }),
            "filters"
        );
        assert_eq!(
            bad(SearchParams {
                filters: Some(json!("{bukan json")),
                ..Default::default()
            }),
            "filters"
        );
        assert_eq!(
            bad(SearchParams {
                sort: Some(json!("jumlah sideways")),
                ..Default::default()
            }),
            "sort"
        );
        assert_eq!(
            bad(SearchParams {
                limit: Some(json!(ROWS_MAX + 1)),
                ..Default::default()
            }),
            "limit"
        );
        assert_eq!(
            bad(SearchParams {
                offset: Some(json!("-1")),
                ..Default::default()
            }),
            "offset"
        );
        assert_eq!(
            bad(SearchParams {
                fields: Some(json!(["warna"])),
                ..Default::default()
            }),
            "fields"
        );
        assert_eq!(
            bad(SearchParams {
                q: Some(json!({"_id": "1"})),
                ..Default::default()
            }),
            "q"
        );
    }
}
