//! A small static file server for `www/`, so running newsmark needs nothing but Rust.
//!
//! `serve [DIR]` listens on 127.0.0.1:$PORT (8080 by default). Files are sent with their MIME
//! type (`application/wasm` matters: browsers refuse to stream-compile Wasm without it) and
//! `Cache-Control: no-store`, so a reload always shows the latest build, and with the app's
//! Content-Security-Policy (the page carries it as a `<meta>` too, for any other server).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::{env, fs, thread};

/// The app's Content-Security-Policy, as `www/index.html` states it: its own scripts only (no
/// inline script, no `eval`; Wasm compiles under `'wasm-unsafe-eval'`), no request but to
/// itself, no image but its own and `data:`/`blob:` ones, no plugins, no `<base>`, no form
/// posts. Inline styles are allowed: the browser applies the policy to the inert parse of a
/// page being opened (`DOMParser`) and reports each of its `style` attributes, though none of
/// that page's markup ever reaches the screen. The header adds what a `<meta>` cannot say:
/// never framed.
const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
                   connect-src 'self'; worker-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; \
                   object-src 'none'";

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// Maps a request path to a file under `root`; `None` for anything that would leave it.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut file = root.to_path_buf();
    for component in Path::new(path.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    Some(file)
}

fn respond(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    let mut request_line = String::new();
    BufReader::new(&stream).read_line(&mut request_line)?;
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let file = resolve(root, target).filter(|_| method == "GET" || method == "HEAD");
    let (status, kind, body) = match file.as_deref().map(|f| (f, fs::read(f))) {
        Some((f, Ok(body))) => ("200 OK", mime(f), body),
        _ => ("404 Not Found", "text/plain; charset=utf-8", b"not found\n".to_vec()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
         Content-Security-Policy: {CSP}; frame-ancestors 'none'\r\nX-Content-Type-Options: nosniff\r\n\
         Referrer-Policy: no-referrer\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    Ok(())
}

fn main() {
    let root = PathBuf::from(env::args().nth(1).unwrap_or_else(|| "www".into()));
    let port = env::var("PORT").unwrap_or_else(|_| "8080".into());
    let address = format!("127.0.0.1:{port}");
    let listener = match TcpListener::bind(&address) {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("cannot listen on {address}: {e} (set PORT to use another port)");
            std::process::exit(1);
        }
    };
    println!("newsmark is running: open http://{address}/ (Ctrl-C stops it)");
    for stream in listener.incoming().flatten() {
        let root = root.clone();
        thread::spawn(move || {
            let _ = respond(stream, &root);
        });
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_page_states_the_policy_the_server_sends() {
        let page = include_str!("../../www/index.html");
        let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">", super::CSP);
        assert!(page.contains(&meta), "www/index.html has {meta}");
    }
}
