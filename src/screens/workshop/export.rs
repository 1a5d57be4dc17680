//! Saving the workshop's report: a file natively, a download in the browser.

use bevy::prelude::*;

use super::debrief::DebriefReport;

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

    /// What the browser is told the download is.
    #[cfg(target_arch = "wasm32")]
    fn mime(self) -> &'static str {
        match self {
            ReportFormat::Markdown => "text/markdown;charset=utf-8",
            ReportFormat::Json => "application/json",
        }
    }
}

/// Where reports go natively (the browser downloads them): by default `PROMOTED_REPORTS_DIR`,
/// else the Downloads folder.
#[derive(Resource, Debug, Default)]
pub struct ReportsDir(pub Option<std::path::PathBuf>);

/// "Saved: …" or why the last report could not be saved, for the debrief to show.
#[derive(Resource, Debug, Default)]
pub struct ExportStatus(pub Option<String>);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ReportsDir>()
        .init_resource::<ExportStatus>()
        .add_observer(export);
}

fn export(
    event: On<ExportReport>,
    report: Option<Res<DebriefReport>>,
    dir: Res<ReportsDir>,
    mut status: ResMut<ExportStatus>,
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
    let saved = save(&dir, &name, format, &content);
    match &saved {
        Ok(place) => info!("promoted: report saved: {place}"),
        Err(e) => warn!("the report could not be saved: {e}"),
    }
    status.0 = Some(match saved {
        Ok(place) => format!("Saved: {place}"),
        Err(e) => format!("The report could not be saved: {e}"),
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn save(dir: &ReportsDir, name: &str, _: ReportFormat, content: &str) -> Result<String, String> {
    let dir = dir
        .0
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
fn save(_: &ReportsDir, name: &str, format: ReportFormat, content: &str) -> Result<String, String> {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_name = promotedDownload)]
        fn download(name: &str, mime: &str, content: &str) -> Result<(), JsValue>;
    }

    download(name, format.mime(), content).map_err(|e| format!("{e:?}"))?;
    Ok(format!("{name} (downloaded)"))
}
