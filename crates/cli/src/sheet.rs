//! `promoted sheet`: the facilitator's sheet of a scenario, as HTML to print (or save as a
//! PDF) and as Markdown.

use std::io::Write;
use std::path::Path;

use promoted_engine::workshop::{sheet_html, sheet_markdown};

use crate::args::Args;
use crate::replay::find_by_id;
use crate::{Failure, OK, load_one};

pub(crate) fn run(rest: &[String], out: &mut impl Write) -> Result<i32, Failure> {
    let args = Args::parse(rest, &["--format", "--out"], &[])?;
    let which = args.single_path()?;
    let scenario = if Path::new(which).exists() {
        load_one(which)?
    } else {
        find_by_id(which)?
    };
    let html = sheet_html(&scenario);
    let markdown = sheet_markdown(&scenario);
    let (Some(html), Some(markdown)) = (html, markdown) else {
        return Err(Failure::Scenario(vec![format!(
            "{which}: `{}` has no `facilitation` block to make a sheet from",
            scenario.id
        )]));
    };
    if let Some(folder) = args.value("--out") {
        let folder = Path::new(folder);
        std::fs::create_dir_all(folder).map_err(|e| {
            Failure::Usage(format!("cannot make the folder {}: {e}", folder.display()))
        })?;
        for (ext, text) in [("html", &html), ("md", &markdown)] {
            let path = folder.join(format!("{}-sheet.{ext}", scenario.id));
            std::fs::write(&path, text)
                .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", path.display())))?;
            let _ = writeln!(out, "wrote {}", path.display());
        }
        return Ok(OK);
    }
    let text = match args.value("--format").unwrap_or("html") {
        "html" => html,
        "markdown" | "md" => markdown,
        other => {
            return Err(Failure::Usage(format!(
                "unknown sheet format `{other}` (html or markdown)"
            )));
        }
    };
    let _ = write!(out, "{text}");
    Ok(OK)
}
