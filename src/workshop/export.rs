//! Saving the workshop's report: a file natively, a download in the browser.

use bevy::prelude::*;

use super::debrief::SessionReport;

/// Save the report in this format.
#[derive(Event, Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportReport(pub ReportFormat);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Markdown,
    Json,
}

impl ReportFormat {
    fn extension(self) -> &'static str {
        match self {
            ReportFormat::Markdown => "md",
            ReportFormat::Json => "json",
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    fn mime(self) -> &'static str {
        match self {
            ReportFormat::Markdown => "text/markdown;charset=utf-8",
            ReportFormat::Json => "application/json",
        }
    }
}

/// Where reports go natively (the browser downloads them), and what became of the last one.
#[derive(Resource, Debug, Default)]
pub struct Reports {
    /// The folder natively; by default `PROMOTED_REPORTS_DIR`, else the Downloads folder.
    pub dir: Option<std::path::PathBuf>,
    /// "Saved to …" or why it could not be, for the debrief to show.
    pub status: Option<String>,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Reports>().add_observer(export);
}

fn export(
    event: On<ExportReport>,
    report: Option<Res<SessionReport>>,
    mut reports: ResMut<Reports>,
) {
    let Some(report) = report else {
        return;
    };
    let format = event.0;
    let content = match format {
        ReportFormat::Markdown => report.0.to_markdown(),
        ReportFormat::Json => report.0.to_json(),
    };
    let name = format!(
        "promoted-workshop-{}-seed-{}.{}",
        report.0.scenario,
        report.0.setup.seed,
        format.extension()
    );
    let status = save(&mut reports, &name, format, &content);
    match &status {
        Ok(place) => info!("promoted: report saved: {place}"),
        Err(e) => warn!("the report could not be saved: {e}"),
    }
    reports.status = Some(match status {
        Ok(place) => format!("Saved: {place}"),
        Err(e) => format!("The report could not be saved: {e}"),
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn save(
    reports: &mut Reports,
    name: &str,
    _: ReportFormat,
    content: &str,
) -> Result<String, String> {
    let dir = reports
        .dir
        .clone()
        .or_else(|| std::env::var_os("PROMOTED_REPORTS_DIR").map(Into::into))
        .or_else(dirs::download_dir)
        .or_else(|| dirs::data_dir().map(|d| d.join("promoted").join("reports")))
        .unwrap_or_else(|| ".".into());
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join(name);
    std::fs::write(&path, content).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path.display().to_string())
}

/// The browser saves a download of the report, through the page's `promotedDownload`
/// (web/main.js); nothing leaves the page otherwise.
#[cfg(target_arch = "wasm32")]
fn save(
    _: &mut Reports,
    name: &str,
    format: ReportFormat,
    content: &str,
) -> Result<String, String> {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_name = promotedDownload)]
        fn download(name: &str, mime: &str, content: &str) -> Result<(), JsValue>;
    }

    download(name, format.mime(), content).map_err(|e| format!("{e:?}"))?;
    Ok(format!("{name} (downloaded)"))
}
