//! Every write the server acknowledged survives SIGKILL: concurrent writers, the server killed
//! at random moments several times, then every acknowledged member checked field by field
//! and the database's own integrity check run.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::Rng;

use crate::server::{agent, create_member, fetch_member, member_json, Backend, Server};

const KILLS: usize = 5;
const WRITERS: usize = 4;

#[test]
fn acknowledged_writes_survive_the_server_being_killed() {
    for backend in Backend::all() {
        let token = backend.seed();
        let acknowledged: Arc<Mutex<Vec<(String, i64)>>> = Arc::default();
        let mut rng = rand::thread_rng();
        for round in 0..KILLS {
            let server = Server::start(&backend.url);
            let stop = Arc::new(AtomicBool::new(false));
            let writers: Vec<_> = (0..WRITERS)
                .map(|writer| {
                    let (base, token, stop, acknowledged) =
                        (server.base.clone(), token.clone(), stop.clone(), acknowledged.clone());
                    std::thread::spawn(move || {
                        let agent = agent();
                        for n in 0.. {
                            if stop.load(Ordering::Relaxed) {
                                break;
                            }
                            let number = format!("K{round}-{writer}-{n}");
                            match create_member(&agent, &base, &token, &number) {
                                Some(id) => acknowledged.lock().unwrap().push((number, id)),
                                None => break, // the server is gone: stop writing
                            }
                        }
                    })
                })
                .collect();
            std::thread::sleep(Duration::from_millis(rng.gen_range(150..900)));
            server.kill();
            stop.store(true, Ordering::Relaxed);
            for writer in writers {
                writer.join().unwrap();
            }
        }

        if backend.name == "sqlite" {
            let runtime = tokio::runtime::Runtime::new().unwrap();
            let verdict = runtime.block_on(async {
                let db = steward_store::Db::connect_without_migrating(&backend.url).await.unwrap();
                db.integrity_check().await.unwrap()
            });
            assert_eq!(verdict, "ok", "SQLite integrity check after {KILLS} kills");
        }
        let server = Server::start(&backend.url);
        let agent = agent();
        let acknowledged = acknowledged.lock().unwrap();
        assert!(acknowledged.len() > 20, "{}: too few writes to prove anything ({})", backend.name, acknowledged.len());
        let mut lost = Vec::new();
        for (number, id) in acknowledged.iter() {
            let expected = member_json(number);
            match fetch_member(&agent, &server.base, &token, *id) {
                Some(stored)
                    if stored["membership_number"] == expected["membership_number"]
                        && stored["last_name"] == expected["last_name"]
                        && stored["email"] == expected["email"] => {}
                other => lost.push(format!("{number} (id {id}): {other:?}")),
            }
        }
        println!(
            "crash safety ({}): {} writes acknowledged, {KILLS} kills, {} lost",
            backend.name,
            acknowledged.len(),
            lost.len()
        );
        assert!(lost.is_empty(), "{}: acknowledged writes lost or damaged:\n{}", backend.name, lost.join("\n"));
    }
}
