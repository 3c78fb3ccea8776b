//! The README's fleet examples are real files: the blocks after a
//! `<!-- checked: NAME -->` comment are YAML-parsed here, and what makes them
//! work is checked (the shard count in every place, the indexed Job, the
//! merge after the shards, the secrets in the environment only). The GitHub
//! workflow is also linted by actionlint and zizmor in
//! `scripts/check-packaging.sh lint`.

mod run_pitag;

use pitag::inventory::{self, Selection};
use run_pitag::root;
use yaml_rust2::{Yaml, YamlLoader};

/// The fenced block after `<!-- checked: NAME ...-->` in the README.
fn checked_block(readme: &str, name: &str) -> String {
    let marker = format!("<!-- checked: {name}");
    let mut lines = readme.lines();
    let mut found = 0;
    let mut block = None;
    while let Some(line) = lines.next() {
        if !(line.starts_with(&marker) && line[marker.len()..].starts_with([' ', '-'].as_slice())) {
            continue;
        }
        found += 1;
        let fence = lines
            .by_ref()
            .find(|l| !l.trim().is_empty())
            .unwrap_or_default();
        assert_eq!(
            fence, "```yaml",
            "{name}: the marker must precede a yaml block"
        );
        let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        block = Some(body.join("\n") + "\n");
    }
    assert_eq!(found, 1, "README.md: `{marker}` must appear once");
    block.unwrap()
}

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).unwrap()
}

fn parse(name: &str, text: &str) -> Vec<Yaml> {
    let docs = YamlLoader::load_from_str(text)
        .unwrap_or_else(|e| panic!("README.md, block `{name}`: not YAML: {e}"));
    assert!(!docs.is_empty(), "{name}: no YAML document");
    docs
}

fn str_of<'a>(y: &'a Yaml, what: &str) -> &'a str {
    y.as_str()
        .unwrap_or_else(|| panic!("{what}: expected a string, got {y:?}"))
}

fn int_of(y: &Yaml, what: &str) -> i64 {
    y.as_i64()
        .unwrap_or_else(|| panic!("{what}: expected an integer, got {y:?}"))
}

/// A script as the shell would parse it (`-n`: read, never run).
fn assert_shell_syntax(shell: &str, script: &str, what: &str) {
    let out = std::process::Command::new(shell)
        .args(["-n", "-c", script])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {shell}: {e}"));
    assert!(
        out.status.success(),
        "{what}: {shell} cannot parse the script: {}\n{script}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `N` of `--shard .../N` in a command line (exactly one `--shard`).
fn shard_count(command: &str, what: &str) -> i64 {
    let words: Vec<&str> = command.split_whitespace().collect();
    let shards: Vec<&str> = words
        .windows(2)
        .filter(|w| w[0] == "--shard")
        .map(|w| w[1].trim_matches('"'))
        .collect();
    assert_eq!(shards.len(), 1, "{what}: one --shard in `{command}`");
    let (_, n) = shards[0]
        .split_once('/')
        .unwrap_or_else(|| panic!("{what}: `--shard {}` is not K/N", shards[0]));
    n.parse()
        .unwrap_or_else(|_| panic!("{what}: `--shard {}`: N is no number", shards[0]))
}

/// The merge names every shard's report, 1 to N, and no other.
fn assert_merges_every_shard(command: &str, n: i64, what: &str) {
    assert!(command.contains("pitag merge"), "{what}: `{command}`");
    let mut named: Vec<i64> = command
        .split_whitespace()
        .filter_map(|w| {
            w.strip_prefix("shard-")?
                .strip_suffix(".json")?
                .parse()
                .ok()
        })
        .collect();
    named.sort();
    assert_eq!(
        named,
        (1..=n).collect::<Vec<_>>(),
        "{what}: the merge must name shard-1.json .. shard-{n}.json: `{command}`"
    );
}

/// Every `url_env` of an inventory (checked to load as pitag loads it).
fn inventory_variables(toml_text: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fleet.toml");
    std::fs::write(&path, toml_text).unwrap();
    let asked = std::cell::RefCell::new(Vec::new());
    let entries = inventory::load(&path, |v| {
        asked.borrow_mut().push(v.to_string());
        Some(format!(
            "postgres://auditor@{}.example/db",
            v.to_lowercase()
        ))
    })
    .unwrap_or_else(|e| panic!("the example's fleet.toml: {e}"));
    assert!(entries.len() >= 2, "a fleet: {entries:?}");
    let prod = Selection {
        only_tags: vec!["prod".into()],
        ..Selection::default()
    };
    let kept = inventory::load_selected(&path, |_| Some("postgres://a@b/c".into()), &prod)
        .expect("--only-tag prod keeps databases of the example");
    assert!(!kept.is_empty());
    asked.into_inner()
}

#[test]
fn github_fleet_workflow_shards_and_merges() {
    let name = "github-fleet-workflow";
    let docs = parse(name, &checked_block(&readme(), name));
    assert_eq!(docs.len(), 1, "{name}: one workflow");
    let wf = &docs[0];
    let jobs = &wf["jobs"];
    let shard = &jobs["shard"];
    assert!(!shard.is_badvalue(), "{name}: a `shard` job");
    let matrix: Vec<i64> = shard["strategy"]["matrix"]["shard"]
        .as_vec()
        .unwrap_or_else(|| panic!("{name}: strategy.matrix.shard is a list"))
        .iter()
        .map(|k| int_of(k, "matrix.shard"))
        .collect();
    assert_eq!(
        shard["strategy"]["fail-fast"].as_bool(),
        Some(false),
        "{name}: one failed shard must not cancel the others"
    );
    let steps = shard["steps"].as_vec().expect("shard steps");
    // `run:` is bash on ubuntu-latest.
    for job in wf["jobs"].as_hash().expect("jobs").values() {
        for step in job["steps"].as_vec().expect("steps") {
            if let Some(run) = step["run"].as_str() {
                assert_shell_syntax("bash", run, name);
            }
        }
    }
    let audit = steps
        .iter()
        .find(|s| s["run"].as_str().is_some_and(|r| r.contains("pitag db")))
        .unwrap_or_else(|| panic!("{name}: a step runs `pitag db`"));
    let run = str_of(&audit["run"], "the audit step");
    let n = shard_count(run, name);
    assert_eq!(
        matrix,
        (1..=n).collect::<Vec<_>>(),
        "{name}: the matrix is 1..N of --shard K/N"
    );
    for want in [
        "--inventory",
        "--format json",
        "--output",
        "--fail-on never",
    ] {
        assert!(run.contains(want), "{name}: `{want}` in `{run}`");
    }
    assert!(
        !run.contains("${{"),
        "{name}: expressions reach `run` through env: {run}"
    );
    assert_eq!(
        str_of(&audit["env"]["SHARD"], "env.SHARD"),
        "${{ matrix.shard }}"
    );
    // The secrets the inventory's url_env name are in the step's environment.
    let k8s = parse(
        "kubernetes-fleet",
        &checked_block(&readme(), "kubernetes-fleet"),
    );
    let config = k8s
        .iter()
        .find(|d| d["kind"].as_str() == Some("ConfigMap"))
        .expect("the inventory's ConfigMap");
    for var in inventory_variables(str_of(&config["data"]["fleet.toml"], "fleet.toml")) {
        let value = str_of(&audit["env"][var.as_str()], &format!("env.{var}"));
        assert_eq!(value, format!("${{{{ secrets.{var} }}}}"));
    }
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/upload-artifact@"))
        })
        .unwrap_or_else(|| panic!("{name}: the shard uploads its report"));
    assert_eq!(
        upload["if"].as_str(),
        Some("${{ !cancelled() }}"),
        "{name}: a shard that exited 2 still uploads the report that says why"
    );

    let merge = &jobs["merge"];
    assert_eq!(str_of(&merge["needs"], "merge.needs"), "shard");
    assert_eq!(merge["if"].as_str(), Some("${{ !cancelled() }}"));
    let steps = merge["steps"].as_vec().expect("merge steps");
    assert!(
        steps.iter().any(|s| s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("actions/download-artifact@"))),
        "{name}: the merge downloads the reports"
    );
    let run = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .find(|r| r.contains("pitag merge"))
        .unwrap_or_else(|| panic!("{name}: a step runs `pitag merge`"));
    assert_merges_every_shard(run, n, name);
    assert!(
        steps.iter().any(|s| s["run"]
            .as_str()
            .is_some_and(|r| r.contains("$GITHUB_STEP_SUMMARY"))),
        "{name}: the Markdown goes to the job summary"
    );
}

/// `M H * * *` as minutes after midnight.
fn daily_minute(schedule: &str, what: &str) -> i64 {
    let fields: Vec<&str> = schedule.split_whitespace().collect();
    match fields.as_slice() {
        [m, h, "*", "*", "*"] => {
            let (m, h): (i64, i64) = (m.parse().unwrap(), h.parse().unwrap());
            h * 60 + m
        }
        _ => panic!("{what}: `{schedule}` is no daily schedule"),
    }
}

/// A CronJob's one container and its shell script (`sh -c SCRIPT`).
fn container_script<'a>(cron: &'a Yaml, what: &str) -> (&'a Yaml, &'a Yaml, String) {
    let pod = &cron["spec"]["jobTemplate"]["spec"]["template"]["spec"];
    let containers = pod["containers"]
        .as_vec()
        .unwrap_or_else(|| panic!("{what}: containers"));
    assert_eq!(containers.len(), 1, "{what}: one container");
    let c = &containers[0];
    let mut words: Vec<String> = Vec::new();
    for part in ["command", "args"] {
        for w in c[part].as_vec().map(Vec::as_slice).unwrap_or_default() {
            words.push(str_of(w, part).to_string());
        }
    }
    assert_eq!(words[..2], ["/bin/sh", "-c"], "{what}: command");
    assert_eq!(words.len(), 3, "{what}: one script");
    assert_shell_syntax("sh", &words[2], what);
    // Shell line continuations joined, as the shell reads them.
    (pod, c, words[2].replace("\\\n", " "))
}

#[test]
fn kubernetes_fleet_runs_an_indexed_job_and_merges_after_it() {
    let name = "kubernetes-fleet";
    let docs = parse(name, &checked_block(&readme(), name));
    for d in &docs {
        assert!(
            d["apiVersion"].as_str().is_some() && d["kind"].as_str().is_some(),
            "{name}: every document has apiVersion and kind: {d:?}"
        );
    }
    let of_kind = |kind: &str| -> Vec<&Yaml> {
        docs.iter()
            .filter(|d| d["kind"].as_str() == Some(kind))
            .collect()
    };
    let crons = of_kind("CronJob");
    assert_eq!(crons.len(), 2, "{name}: the shards and the merge");
    let is_shards =
        |c: &Yaml| c["spec"]["jobTemplate"]["spec"]["completionMode"].as_str() == Some("Indexed");
    let shards = *crons
        .iter()
        .find(|c| is_shards(c))
        .unwrap_or_else(|| panic!("{name}: a CronJob of an Indexed Job"));
    let merge = *crons
        .iter()
        .find(|c| !is_shards(c))
        .unwrap_or_else(|| panic!("{name}: a merge CronJob"));

    let job = &shards["spec"]["jobTemplate"]["spec"];
    let n = int_of(&job["completions"], "completions");
    assert_eq!(int_of(&job["parallelism"], "parallelism"), n);
    let (pod, container, script) = container_script(shards, "shards");
    assert_eq!(str_of(&pod["restartPolicy"], "restartPolicy"), "Never");
    assert_eq!(
        shard_count(&script, "shards"),
        n,
        "--shard .../N = completions"
    );
    assert!(script.contains("--shard auto/"), "{script}");
    assert!(
        script.contains("--inventory /config/fleet.toml"),
        "{script}"
    );
    assert!(
        script.contains("--format json") && script.contains("/reports/"),
        "{script}"
    );
    // Credentials come from a Secret, as the environment; none in the script.
    assert!(
        !script.contains("://"),
        "no URL on the command line: {script}"
    );
    let secret = &container["envFrom"][0]["secretRef"]["name"];
    assert!(secret.as_str().is_some(), "{name}: envFrom a Secret");

    // The inventory the pods read is a ConfigMap mounted at /config.
    let config = of_kind("ConfigMap");
    assert_eq!(config.len(), 1);
    let config_name = str_of(&config[0]["metadata"]["name"], "ConfigMap name");
    inventory_variables(str_of(&config[0]["data"]["fleet.toml"], "fleet.toml"));
    let volume = |pod: &Yaml, mount: &str, container: &Yaml| -> Yaml {
        let m = container["volumeMounts"]
            .as_vec()
            .expect("volumeMounts")
            .iter()
            .find(|m| m["mountPath"].as_str() == Some(mount))
            .unwrap_or_else(|| panic!("{name}: a volume at {mount}"));
        pod["volumes"]
            .as_vec()
            .expect("volumes")
            .iter()
            .find(|v| v["name"] == m["name"])
            .unwrap_or_else(|| panic!("{name}: volume {:?}", m["name"]))
            .clone()
    };
    assert_eq!(
        volume(pod, "/config", container)["configMap"]["name"].as_str(),
        Some(config_name)
    );
    // Shards and merge share one PersistentVolumeClaim.
    let claim = str_of(
        &volume(pod, "/reports", container)["persistentVolumeClaim"]["claimName"],
        "the shards' claim",
    )
    .to_string();
    let pvc = of_kind("PersistentVolumeClaim");
    assert_eq!(pvc.len(), 1);
    assert_eq!(str_of(&pvc[0]["metadata"]["name"], "PVC name"), claim);
    let (merge_pod, merge_container, merge_script) = container_script(merge, "merge");
    assert_eq!(
        str_of(
            &volume(merge_pod, "/reports", merge_container)["persistentVolumeClaim"]["claimName"],
            "the merge's claim"
        ),
        claim
    );
    assert_merges_every_shard(&merge_script, n, name);

    // The merge starts only after the shards' last possible minute.
    let tz = |c: &Yaml| c["spec"]["timeZone"].as_str().map(str::to_string);
    assert_eq!(tz(shards), tz(merge), "one time zone for both schedules");
    let start = daily_minute(str_of(&shards["spec"]["schedule"], "schedule"), "shards");
    let late = int_of(
        &shards["spec"]["startingDeadlineSeconds"],
        "startingDeadlineSeconds",
    );
    let deadline = int_of(&job["activeDeadlineSeconds"], "activeDeadlineSeconds");
    let merge_at = daily_minute(str_of(&merge["spec"]["schedule"], "schedule"), "merge");
    assert!(
        start * 60 + late + deadline < merge_at * 60,
        "{name}: the shards may run until {}s after midnight, the merge starts at {}s",
        start * 60 + late + deadline,
        merge_at * 60
    );
    assert_eq!(
        str_of(&shards["spec"]["concurrencyPolicy"], "concurrencyPolicy"),
        "Forbid"
    );
}

#[test]
fn a_broken_block_is_found_and_fails() {
    // The checks above would not notice a block they cannot see.
    let text = "x\n<!-- checked: demo -->\n```yaml\na: [1, 2\n```\n";
    let block = checked_block(text, "demo");
    assert_eq!(block, "a: [1, 2\n");
    assert!(YamlLoader::load_from_str(&block).is_err());
    let r = std::panic::catch_unwind(|| checked_block("no marker here", "demo"));
    assert!(r.is_err(), "a missing marker fails");
    assert_eq!(shard_count(r#"pitag db --shard "$SHARD/4""#, "t"), 4);
}
