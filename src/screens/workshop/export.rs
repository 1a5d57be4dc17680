//! Saving the workshop's report and the facilitator's sheet: files natively, downloads in
//! the browser.

use bevy::prelude::*;
use promoted_engine::workshop::{sheet_html, sheet_markdown};

use super::debrief::DebriefReport;
use crate::adapters::library::Library;
use crate::adapters::room::SetupDraft;

/// Save the facilitator's sheet of the scenario being set up, as HTML and Markdown.
#[derive(Event, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SaveSheet;

/// Where the last sheet went, or why it could not be saved, for the setup to show.
#[derive(Resource, Debug, Default)]
pub struct SheetStatus(pub Option<String>);

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
        .init_resource::<SheetStatus>()
        .add_observer(export)
        .add_observer(save_sheet);
}

fn save_sheet(
    _: On<SaveSheet>,
    draft: Option<Res<SetupDraft>>,
    library: Res<Library>,
    dir: Res<ReportsDir>,
    mut status: ResMut<SheetStatus>,
) {
    let Some(scenario) = draft.and_then(|d| library.find(&d.0.setup.scenario)) else {
        return;
    };
    let (Some(html), Some(markdown)) = (sheet_html(scenario), sheet_markdown(scenario)) else {
        status.0 = Some("This scenario has no session plan to print.".to_owned());
        return;
    };
    let mut saved = Vec::new();
    for (ext, mime, content) in [
        ("html", "text/html;charset=utf-8", html),
        ("md", "text/markdown;charset=utf-8", markdown),
    ] {
        let name = format!("promoted-{}-sheet.{ext}", scenario.id);
        match save(&dir, &name, mime, &content) {
            Ok(place) => saved.push(place),
            Err(e) => {
                warn!("the sheet could not be saved: {e}");
                status.0 = Some(format!("The sheet could not be saved: {e}"));
                return;
            }
        }
    }
    info!("promoted: sheet saved: {}", saved.join(", "));
    status.0 = Some(format!(
        "Saved: {} — open the HTML to print it or save it as a PDF",
        saved.join(" and ")
    ));
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
    let saved = save(&dir, &name, format.mime(), &content);
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
fn save(dir: &ReportsDir, name: &str, _mime: &str, content: &str) -> Result<String, String> {
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
fn save(_: &ReportsDir, name: &str, mime: &str, content: &str) -> Result<String, String> {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_name = promotedDownload)]
        fn download(name: &str, mime: &str, content: &str) -> Result<(), JsValue>;
    }

    download(name, mime, content).map_err(|e| format!("{e:?}"))?;
    Ok(format!("{name} (downloaded)"))
}
