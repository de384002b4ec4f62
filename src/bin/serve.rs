//! A small static file server for `www/`, so running newsmark needs nothing but Rust.
//!
//! `serve [DIR]` listens on 127.0.0.1:$PORT (8080 by default). Files are sent with their MIME
//! type (`application/wasm` matters: browsers refuse to stream-compile Wasm without it) and
//! `Cache-Control: no-store`, so a reload always shows the latest build.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::{env, fs, thread};

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
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
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
