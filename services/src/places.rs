//! The administrative list in force since 1 July 2025: 34 provinces and their communes
//! (xã, phường, đặc khu), loaded once from `seed/places.json`. Names match without
//! accents and without the "Tỉnh" / "Thành phố" / "Xã" / "Phường" / "Đặc khu" prefix.

use domain::form::{Place, Places};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(Deserialize)]
struct File {
    provinces: Vec<ProvinceRow>,
}

#[derive(Debug, Deserialize)]
struct ProvinceRow {
    id: String,
    name: String,
    communes: Vec<(String, String)>,
}

/// The loaded list with its lookup indexes.
#[derive(Debug)]
pub struct PlaceList {
    provinces: Vec<ProvinceRow>,
    province_index: HashMap<String, usize>,
    commune_index: HashMap<(usize, String), usize>,
}

const PREFIXES: [&str; 7] = [
    "thanh pho ",
    "tinh ",
    "phuong ",
    "xa ",
    "dac khu ",
    "tp ",
    "thi tran ",
];

/// The folded name without its administrative prefix.
fn key(name: &str) -> String {
    let folded = domain::text::fold(name);
    PREFIXES
        .iter()
        .find_map(|p| folded.strip_prefix(p))
        .map_or(folded.clone(), str::to_owned)
}

impl PlaceList {
    fn load() -> Self {
        let file: File =
            serde_json::from_str(include_str!("../seed/places.json")).unwrap_or(File {
                provinces: Vec::new(),
            });
        let mut province_index = HashMap::new();
        let mut commune_index = HashMap::new();
        for (i, p) in file.provinces.iter().enumerate() {
            province_index.insert(p.id.clone(), i);
            province_index.insert(key(&p.name), i);
            for (j, (id, name)) in p.communes.iter().enumerate() {
                commune_index.insert((i, id.clone()), j);
                commune_index.insert((i, key(name)), j);
            }
        }
        Self {
            provinces: file.provinces,
            province_index,
            commune_index,
        }
    }

    fn province_at(&self, input: &str) -> Option<usize> {
        let input = input.trim();
        self.province_index
            .get(input)
            .or_else(|| self.province_index.get(&key(input)))
            .copied()
    }

    /// Every province, in the list's order.
    pub fn provinces(&self) -> Vec<Place> {
        self.provinces
            .iter()
            .map(|p| Place {
                id: p.id.clone(),
                name: p.name.clone(),
            })
            .collect()
    }

    /// The communes of a province (by id or name), alphabetically.
    pub fn communes(&self, province: &str) -> Vec<Place> {
        self.province_at(province)
            .map(|i| {
                self.provinces[i]
                    .communes
                    .iter()
                    .map(|(id, name)| Place {
                        id: id.clone(),
                        name: name.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// How many communes the list holds.
    pub fn commune_count(&self) -> usize {
        self.provinces.iter().map(|p| p.communes.len()).sum()
    }
}

impl Places for PlaceList {
    fn province(&self, input: &str) -> Option<Place> {
        let i = self.province_at(input)?;
        Some(Place {
            id: self.provinces[i].id.clone(),
            name: self.provinces[i].name.clone(),
        })
    }

    fn commune(&self, province_id: &str, input: &str) -> Option<Place> {
        let i = self.province_at(province_id)?;
        let input = input.trim();
        let j = self
            .commune_index
            .get(&(i, input.to_owned()))
            .or_else(|| self.commune_index.get(&(i, key(input))))?;
        let (id, name) = &self.provinces[i].communes[*j];
        Some(Place {
            id: id.clone(),
            name: name.clone(),
        })
    }
}

/// The list, loaded on first use.
pub fn list() -> &'static PlaceList {
    static LIST: LazyLock<PlaceList> = LazyLock::new(PlaceList::load);
    &LIST
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_list_loads() {
        let l = list();
        assert_eq!(l.provinces().len(), 34);
        assert!(l.commune_count() > 3300, "{}", l.commune_count());
    }

    #[test]
    fn names_match_without_accents_or_prefixes() {
        let l = list();
        let hn = l.province("ha noi").unwrap();
        assert_eq!(hn.name, "Thành phố Hà Nội");
        assert_eq!(l.province("Thành phố Hà Nội"), Some(hn.clone()));
        assert_eq!(l.province(&hn.id), Some(hn.clone()));
        let hd = l.commune(&hn.id, "phuong ha dong").unwrap();
        assert_eq!(hd.name, "Phường Hà Đông");
        assert_eq!(l.commune("Hà Nội", "Hà Đông"), Some(hd.clone()));
        assert_eq!(l.commune(&hn.id, &hd.id), Some(hd));
        assert!(
            l.commune(&hn.id, "Rạch Giá").is_none(),
            "belongs to An Giang"
        );
        let ag = l.province("An Giang").unwrap();
        assert_eq!(
            l.commune(&ag.id, "phu quoc").unwrap().name,
            "Đặc khu Phú Quốc"
        );
        assert!(l.province("Hà Tây").is_none());
    }
}
