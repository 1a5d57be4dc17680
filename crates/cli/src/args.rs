//! A small command-line parser: positional paths, `--name value` options and `--flag`s.

pub(crate) struct UsageError(pub String);

pub(crate) struct Args {
    pub positional: Vec<String>,
    values: Vec<(&'static str, String)>,
    flags: Vec<&'static str>,
}

impl Args {
    pub fn parse(
        args: &[String],
        options: &[&'static str],
        flags: &[&'static str],
    ) -> Result<Args, UsageError> {
        let mut parsed = Args {
            positional: Vec::new(),
            values: Vec::new(),
            flags: Vec::new(),
        };
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            if let Some(&name) = options.iter().find(|&&o| o == arg) {
                let value = iter
                    .next()
                    .ok_or_else(|| UsageError(format!("`{name}` needs a value")))?;
                parsed.values.push((name, value.clone()));
            } else if let Some(&name) = flags.iter().find(|&&f| f == arg) {
                parsed.flags.push(name);
            } else if arg.starts_with("--") {
                return Err(UsageError(format!("unknown option `{arg}`")));
            } else {
                parsed.positional.push(arg.clone());
            }
        }
        Ok(parsed)
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn flag(&self, name: &str) -> bool {
        self.flags.contains(&name)
    }

    /// A whole-number option, or its default.
    pub fn number<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, UsageError> {
        match self.value(name) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| UsageError(format!("`{name}` takes a whole number, not `{v}`"))),
        }
    }

    pub fn single_path(&self) -> Result<&str, UsageError> {
        match self.positional.as_slice() {
            [path] => Ok(path),
            [] => Err(UsageError("give the path of a scenario file".into())),
            _ => Err(UsageError("give one scenario file".into())),
        }
    }
}
