"""Invented people and real-looking places for the demo: first and last names by origin,
streets, towns with postal codes, phone numbers in national formats.

The practice is set in the Lille–Roubaix–Tourcoing area, on the Belgian border, which is
why about a fifth of the people accompanied live in Wallonie picarde (Mouscron, Tournai…).
Names are grouped by origin so a person's first and last names go together, with the
diversity of the names actually common in the north of France and in Belgium.

Pure data: no randomness here (the generator draws from these lists with its own seed).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NameOrigin:
    code: str
    female: tuple[str, ...]
    male: tuple[str, ...]
    last: tuple[str, ...]


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


ORIGINS: dict[str, NameOrigin] = {
    o.code: o
    for o in (
        NameOrigin(
            "fr",
            _split(
                "Marie, Nathalie, Isabelle, Sylvie, Catherine, Sandrine, Céline, Stéphanie, "
                "Aurélie, Julie, Camille, Léa, Manon, Chloé, Emma, Sarah, Laura, Pauline, "
                "Mélanie, Émilie, Virginie, Valérie, Christine, Monique, Jacqueline, Françoise, "
                "Martine, Brigitte, Josiane, Ginette, Odile, Audrey, Jessica, Océane, Lucie, "
                "Jeanne, Louise, Alice, Zoé, Clara, Justine, Amandine, Coralie, Delphine, "
                "Élodie, Gaëlle, Hélène, Maëlys, Noémie, Solène"
            ),
            _split(
                "Jean, Pierre, Michel, Philippe, Alain, Patrick, Nicolas, Christophe, Laurent, "
                "Stéphane, Sébastien, Julien, David, Olivier, Frédéric, Thierry, Pascal, Éric, "
                "Didier, Bruno, Thomas, Maxime, Kévin, Anthony, Lucas, Hugo, Théo, Nathan, "
                "Enzo, Jordan, Dylan, Gérard, Bernard, Daniel, Roger, Marcel, André, René, "
                "Jérôme, Fabrice, Grégory, Cédric, Mickaël, Romain, Benoît, Yannick, Guy, "
                "Jean-Claude, Jean-Pierre, Loïc"
            ),
            _split(
                "Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, "
                "Moreau, Simon, Laurent, Lefebvre, Michel, David, Bertrand, Roux, Vincent, "
                "Fournier, Morel, Girard, André, Lefèvre, Mercier, Dupont, Lambert, Bonnet, "
                "François, Legrand, Garnier, Faure, Rousseau, Blanc, Guérin, Muller, Henry, "
                "Roussel, Perrin, Morin, Mathieu, Clément, Gauthier, Dumont, Fontaine, "
                "Chevalier, Robin, Delattre, Dufour, Lemaire, Deschamps, Delcroix, "
                "Vandenbussche, Vanhoutte, Desmet, Deconinck, Lesage, Delannoy, Carpentier, "
                "Dhondt, Verstraete, Lecomte, Debruyne, Duhamel, Flament, Wallart, Taffin, "
                "Leclercq, Descamps, Lemoine, Caron, Poulain, Hennebelle, Dewaele, Coppin"
            ),
        ),
        NameOrigin(
            "be",
            _split(
                "Nathalie, Véronique, Anne-Marie, Fabienne, Murielle, Christelle, Nancy, "
                "Laetitia, Els, Katrien, Sofie, Hanne, Marie, Julie, Sophie, Charlotte, "
                "Manon, Amélie, Florence, Isabelle, Mireille, Carine, Annick, Marianne, "
                "Chantal, Colette, Jennifer, Kimberley, Margaux, Elise"
            ),
            _split(
                "Luc, Marc, Didier, Jean-Luc, Benoît, Geert, Koen, Pieter, Wim, Dirk, Bart, "
                "Jelle, Arnaud, Quentin, Cédric, Maxime, François, Philippe, Christophe, "
                "Thierry, Jean-Marie, Michaël, Olivier, Raphaël, Gilles, Damien, Grégory, "
                "Johan, Steve, Jordan"
            ),
            _split(
                "Peeters, Janssens, Maes, Jacobs, Mertens, Willems, Claes, Goossens, Wouters, "
                "De Smet, Dubois, Lambert, Dupont, Leclercq, Renard, Lejeune, Collignon, "
                "Hubert, Delvaux, Wauters, Vandamme, Vermeulen, Declercq, Dumont, Denis, "
                "Vandenberghe, Desmedt, Lhoir, Dewinter, Van Hove, Decock, Verbeke, "
                "Moulin, Gilson, Piron, Lefebvre, Delcourt, Delhaye, Vanneste, Derycke"
            ),
        ),
        NameOrigin(
            "maghreb",
            _split(
                "Fatima, Khadija, Nadia, Samira, Yasmina, Leïla, Amina, Malika, Naïma, "
                "Soraya, Salma, Rania, Aïcha, Nour, Sofia, Inès, Lina, Hafsa, Karima, "
                "Houria, Djamila, Zohra, Meriem, Sabrina, Sonia"
            ),
            _split(
                "Mohamed, Ahmed, Karim, Rachid, Mehdi, Youssef, Samir, Nordine, Bilal, "
                "Hamza, Sofiane, Yassine, Farid, Abdelkader, Mourad, Khaled, Nabil, Redouane, "
                "Walid, Ilyes, Adam, Rayan, Omar, Ali, Hakim"
            ),
            _split(
                "Benali, Belkacem, Bouzid, Haddad, Mansouri, Cherif, Boudiaf, Amrani, "
                "El Amrani, Benjelloun, El Idrissi, Ouali, Saïdi, Zerrouki, Hamidi, "
                "Messaoudi, Benmoussa, Aït Ahmed, Brahimi, Kaci, Rahmani, Ziani, Bensaïd, "
                "El Khatib, Lahlou, Tahiri, Ouazzani, Bouaziz, Meziane, Chaoui"
            ),
        ),
        NameOrigin(
            "west_africa",
            _split(
                "Fatoumata, Aminata, Mariam, Awa, Djeneba, Kadiatou, Aïssatou, Binta, "
                "Oumou, Ramatoulaye, Adama, Coumba, Salimata, Assa, Hawa"
            ),
            _split(
                "Mamadou, Abdoulaye, Souleymane, Ousmane, Moussa, Ibrahima, Cheikh, "
                "Boubacar, Seydou, Lamine, Modibo, Amadou, Bakary, Issa, Sékou"
            ),
            _split(
                "Diallo, Traoré, Koné, Diop, Ndiaye, Camara, Cissé, Sow, Keïta, Touré, "
                "Coulibaly, Sylla, Fofana, Bamba, Sangaré, Ba, Diakité, Konaté"
            ),
        ),
        NameOrigin(
            "central_africa",
            _split(
                "Grace, Esther, Ruth, Divine, Merveille, Chancelle, Gloria, Nadège, "
                "Francine, Bénédicte, Prisca, Orphée"
            ),
            _split(
                "Jean-Baptiste, Emmanuel, Christian, Patrick, Junior, Fiston, Dieudonné, "
                "Trésor, Serge, Blaise, Guy-Roger, Aimé"
            ),
            _split(
                "Kabongo, Mbuyi, Lukusa, Ilunga, Tshibanda, Kalonji, Mukendi, Kasongo, "
                "Mbala, Nsimba, Lumbala, Mputu, Ngoma, Makiese"
            ),
        ),
        NameOrigin(
            "portugal",
            _split("Ana, Maria, Fernanda, Catarina, Sandra, Patrícia, Inês, Joana, Rosa"),
            _split("João, Manuel, José, António, Carlos, Paulo, Rui, Nuno, Luís"),
            _split(
                "Dos Santos, Da Silva, Pereira, Ferreira, Rodrigues, Fernandes, Gonçalves, "
                "Martins, Lopes, Teixeira, Carvalho, Sousa"
            ),
        ),
        NameOrigin(
            "turkey",
            _split("Ayşe, Elif, Zeynep, Fatma, Emine, Hatice, Büşra, Merve, Sevda"),
            _split("Mehmet, Mustafa, Emre, Hüseyin, Murat, Hasan, Burak, Kemal, Serkan"),
            _split("Yılmaz, Kaya, Demir, Öztürk, Çelik, Şahin, Aydın, Arslan, Doğan, Kılıç"),
        ),
        NameOrigin(
            "east_europe",
            _split("Ioana, Elena, Oksana, Svetlana, Agnieszka, Katarzyna, Mihaela, Natalia"),
            _split("Ion, Andrei, Dmitri, Piotr, Tomasz, Vasile, Oleksandr, Marius"),
            _split(
                "Popescu, Ionescu, Kowalski, Nowak, Wiśniewski, Shevchenko, Petrenko, "
                "Constantin, Dumitru, Lewandowski"
            ),
        ),
        NameOrigin(
            "italy",
            _split("Giulia, Francesca, Rosa, Lucia, Antonella, Carmela, Graziella"),
            _split("Giuseppe, Salvatore, Antonio, Marco, Vincenzo, Luigi, Angelo"),
            _split(
                "Rossi, Esposito, Russo, Romano, Colombo, Ricci, Marino, Greco, Bruno, "
                "Lombardi, Di Stefano"
            ),
        ),
        NameOrigin(
            "vietnam",
            _split("Linh, Mai, Lan, Thuy, Hoa, Ngoc"),
            _split("Minh, Tuan, Duc, Huy, Long, Quang"),
            _split("Nguyen, Tran, Pham, Le, Hoang, Vu, Dang"),
        ),
    )
}

# Origin mix of the people accompanied, by country of residence (weights, not exact shares).
ORIGIN_WEIGHTS: dict[str, tuple[tuple[str, int], ...]] = {
    "FR": (
        ("fr", 56),
        ("maghreb", 17),
        ("west_africa", 7),
        ("central_africa", 3),
        ("portugal", 5),
        ("turkey", 3),
        ("east_europe", 4),
        ("italy", 3),
        ("vietnam", 2),
    ),
    "BE": (
        ("be", 55),
        ("fr", 6),
        ("maghreb", 17),
        ("central_africa", 8),
        ("turkey", 6),
        ("italy", 5),
        ("east_europe", 3),
    ),
}


@dataclass(frozen=True, slots=True)
class Town:
    postal_code: str
    city: str
    country: str
    phone_area: str  # landline prefix in national format ("03 20", "056")


FR_TOWNS: tuple[Town, ...] = tuple(
    Town(code, city, "FR", area)
    for code, city, area in (
        ("59100", "Roubaix", "03 20"),
        ("59100", "Roubaix", "03 20"),
        ("59200", "Tourcoing", "03 20"),
        ("59200", "Tourcoing", "03 20"),
        ("59000", "Lille", "03 20"),
        ("59000", "Lille", "03 20"),
        ("59150", "Wattrelos", "03 20"),
        ("59650", "Villeneuve-d'Ascq", "03 20"),
        ("59170", "Croix", "03 20"),
        ("59510", "Hem", "03 20"),
        ("59390", "Lys-lez-Lannoy", "03 20"),
        ("59290", "Wasquehal", "03 20"),
        ("59130", "Lambersart", "03 20"),
        ("59700", "Marcq-en-Barœul", "03 20"),
        ("59370", "Mons-en-Barœul", "03 20"),
        ("59260", "Hellemmes-Lille", "03 20"),
        ("59120", "Loos", "03 20"),
        ("59155", "Faches-Thumesnil", "03 20"),
        ("59113", "Seclin", "03 20"),
        ("59250", "Halluin", "03 20"),
        ("59280", "Armentières", "03 20"),
        ("59560", "Comines", "03 20"),
        ("59223", "Roncq", "03 20"),
        ("59910", "Bondues", "03 20"),
        ("59960", "Neuville-en-Ferrain", "03 20"),
        ("59115", "Leers", "03 20"),
    )
)

BE_TOWNS: tuple[Town, ...] = tuple(
    Town(code, city, "BE", area)
    for code, city, area in (
        ("7700", "Mouscron", "056"),
        ("7700", "Mouscron", "056"),
        ("7711", "Dottignies", "056"),
        ("7712", "Herseaux", "056"),
        ("7500", "Tournai", "069"),
        ("7500", "Tournai", "069"),
        ("7780", "Comines-Warneton", "056"),
        ("7730", "Estaimpuis", "056"),
        ("7740", "Pecq", "069"),
        ("7600", "Péruwelz", "069"),
        ("7900", "Leuze-en-Hainaut", "069"),
        ("7800", "Ath", "068"),
        ("7000", "Mons", "065"),
        ("7640", "Antoing", "069"),
    )
)

FR_STREETS: tuple[str, ...] = _split(
    "rue Victor-Hugo, rue Jean-Jaurès, avenue de la République, rue Pasteur, "
    "rue du Général-Leclerc, rue de la Gare, rue de Lille, rue Nationale, "
    "boulevard Gambetta, rue des Écoles, rue du Moulin, rue Jules-Guesde, "
    "rue Roger-Salengro, rue Émile-Zola, rue de la Paix, place de la Liberté, "
    "rue Voltaire, allée des Tilleuls, rue Paul-Bert, rue Anatole-France, "
    "rue Jean-Moulin, rue Pierre-Brossolette, avenue Foch, rue des Tisserands, "
    "rue de Tourcoing, rue du Chemin-Vert, rue de la Fosse-aux-Chênes, rue d'Alger, "
    "rue Ma-Campagne, rue de l'Épeule, rue Carnot, rue Condorcet, rue des Fusillés, "
    "rue Faidherbe, boulevard de Metz, rue de Wattrelos, rue de Lannoy, rue du Luxembourg, "
    "avenue Jean-Lebas, rue des Arts, rue Saint-Antoine, rue de Mouvaux, rue de la Mackellerie, "
    "rue Édouard-Vaillant, rue Henri-Barbusse, rue Louis-Blanc, rue Gustave-Delory"
)

BE_STREETS: tuple[str, ...] = _split(
    "Rue de la Station, Rue du Christ, Rue de Tournai, Chaussée de Lille, "
    "Rue de Courtrai, Avenue Royale, Rue du Roi Albert, Grand-Place, Rue de l'Église, "
    "Rue des Combattants, Rue du Val, Rue de la Citadelle, Rue Saint-Pierre, "
    "Chaussée de Bruxelles, Rue de Menin, Rue du Bois, Clos des Mésanges, "
    "Rue de la Marlière, Rue du Midi, Boulevard des Alliés, Rue Roi Chevalier, "
    "Rue de Dottignies, Place Gérard Kasiers, Rue Royale, Quai Saint-Brice, "
    "Rue du Château, Avenue de Maire, Rue des Brasseurs"
)

FR_ADDRESS_LINE2: tuple[str, ...] = _split(
    "Appartement 12, Résidence Les Tilleuls, Bâtiment B, 3e étage, Escalier C, "
    "Appartement 4, Chez M. et Mme Lemaire, Résidence du Parc, Logement 21, Rez-de-chaussée"
)
BE_ADDRESS_LINE2: tuple[str, ...] = _split("Bte 1, Bte 2, Bte 3, Bte 5, 1er étage, Rez")

# Domains reserved for documentation (RFC 2606): a demo address can never reach anyone.
EMAIL_DOMAINS: tuple[str, ...] = ("example.com", "example.net", "example.org")

CIVILITY = {"female": "Mme", "male": "M."}

# A relative's role, and whether it is a woman (her first name must match).
RELATIVE_ROLES: tuple[tuple[str, bool], ...] = (
    ("Sœur", True), ("Frère", False), ("Fille", True), ("Fils", False), ("Mère", True),
    ("Père", False), ("Cousine", True), ("Nièce", True), ("Voisine", True), ("Voisin", False),
    ("Ami de la famille", False), ("Tante", True), ("Oncle", False),
)  # fmt: skip

# Children born in the last twenty years get names given in those years.
RECENT_FIRST_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "fr": (
        _split("Léa, Emma, Jade, Louise, Alice, Chloé, Inès, Lina, Mia, Rose, Manon, Zoé, Lou"),
        _split("Lucas, Hugo, Gabriel, Louis, Raphaël, Arthur, Jules, Adam, Nathan, Léo, Noah, Tom"),
    ),
    "be": (
        _split("Olivia, Emma, Louise, Alice, Juliette, Elena, Lina, Mila, Anna, Nina, Léa"),
        _split("Noah, Arthur, Louis, Jules, Adam, Victor, Liam, Gabriel, Lucas, Léon, Nathan"),
    ),
}

PROFESSIONAL_ROLES: tuple[tuple[str, str], ...] = (
    ("Dr {last}", "Médecin traitant"),
    ("Dr {last}", "Psychiatre (CMP)"),
    ("Maître {last}", "Avocate"),
    ("{first} {last}", "Mandataire judiciaire (curatelle)"),
    ("{first} {last}", "Infirmière libérale"),
    ("{first} {last}", "Éducatrice AEMO"),
    ("{first} {last}", "Aide à domicile"),
    ("{first} {last}", "Conseillère en économie sociale et familiale"),
)
