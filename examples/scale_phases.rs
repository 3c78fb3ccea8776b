use std::time::Instant;
fn rss() -> String {
    let s = std::fs::read_to_string("/proc/self/status").unwrap();
    s.lines()
        .filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM"))
        .collect::<Vec<_>>()
        .join(" ")
}
fn main() {
    let url = std::env::args().nth(1).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let t = Instant::now();
    let opts = pitag::source::live::LiveOptions {
        statement_timeout: std::time::Duration::from_secs(120),
        ..Default::default()
    };
    let live = rt
        .block_on(pitag::source::live::read_catalog(&url, &opts))
        .unwrap();
    eprintln!("read {:?} {}", t.elapsed(), rss());
    let config = pitag::config::Config::resolve(None).unwrap();
    let settings = pitag::audit::AuditSettings::from_config(&config, None).unwrap();
    let t = Instant::now();
    let classes = pitag::audit::classify_columns(&live.schema, &settings.classifier);
    eprintln!("classify {:?} {}", t.elapsed(), rss());
    let t = Instant::now();
    let findings = pitag::audit::audit_classified(&live.schema, &classes, &settings);
    eprintln!(
        "audit {:?} {} findings {}",
        t.elapsed(),
        rss(),
        findings.len()
    );
}
